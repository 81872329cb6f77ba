package dev.plainlance.graph.query;

/**
 * One problem in a {@code .gq} source.
 *
 * @param code the rule broken; {@code code.code()} is its stable {@code Qnnn} name
 * @param message what is wrong, without the position
 * @param fileName the file the source came from
 * @param line 1-based line
 * @param column 1-based column (in UTF-16 chars; a tab counts as one)
 * @param sourceLine the text of that line, for the caret display
 */
public record QueryError(
        QueryErrorCode code, String message, String fileName, int line, int column, String sourceLine) {

    /** {@code file:line:column: [Qnnn] message} on one line. */
    public String oneLine() {
        return fileName + ":" + line + ":" + column + ": [" + code.code() + "] " + message;
    }

    /** The caret line: the source line's whitespace up to the column (tabs kept), then {@code ^}. */
    public String caret() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < column - 1 && i < sourceLine.length(); i++) {
            sb.append(sourceLine.charAt(i) == '\t' ? '\t' : ' ');
        }
        return sb.append('^').toString();
    }

    /** {@link #oneLine()}, then the source line and the caret line, each indented by two spaces. */
    public String render() {
        return oneLine() + "\n  " + sourceLine + "\n  " + caret();
    }
}
