package dev.plainlance.lance.expr;

/**
 * A SQL filter/expression could not be parsed or bound. The message names the 1-based character
 * position in the source text and, when the source is known, repeats it with a caret line
 * underneath, e.g.
 *
 * <pre>
 * unexpected token ')' at position 12
 *   id % 3 = )
 *            ^
 * </pre>
 */
public class ExpressionParseException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String detail;
    private final int position;
    private final String sql;

    /**
     * @param detail what went wrong, without position information
     * @param position 1-based character position in {@code sql}, or 0 when unknown
     * @param sql the source text, or null when unknown (e.g. for a programmatically built AST)
     */
    public ExpressionParseException(String detail, int position, String sql) {
        super(format(detail, position, sql));
        this.detail = detail;
        this.position = position;
        this.sql = sql;
    }

    /** The message without position or caret line. */
    public String detail() {
        return detail;
    }

    /** 1-based position of the error in {@link #sql()}, or 0 when unknown. */
    public int position() {
        return position;
    }

    /** The source text, or null when unknown. */
    public String sql() {
        return sql;
    }

    static String format(String detail, int position, String sql) {
        StringBuilder sb = new StringBuilder(detail);
        if (position > 0) {
            sb.append(" at position ").append(position);
            if (sql != null && !sql.isEmpty() && sql.indexOf('\n') < 0 && sql.indexOf('\r') < 0) {
                sb.append("\n  ").append(sql).append("\n  ");
                sb.append(" ".repeat(Math.max(0, Math.min(position - 1, sql.length()))))
                        .append('^');
            }
        }
        return sb.toString();
    }
}
