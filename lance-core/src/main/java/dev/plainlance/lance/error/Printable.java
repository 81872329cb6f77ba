package dev.plainlance.lance.error;

/**
 * Makes text from files safe to print: every character that is not printable (ASCII and C1 controls, DEL, format
 * characters, line and paragraph separators, lone surrogates, unassigned code points) becomes an escape ({@code \r},
 * {@code \n}, {@code \t}, {@code \xNN} or {@code \}{@code uNNNN}), so a crafted file cannot inject terminal escapes
 * or forge lines in an error message.
 */
public final class Printable {
    private Printable() {}

    /** {@code text} with every non-printable character escaped; {@code null} stays {@code null}. */
    public static String escape(String text) {
        if (text == null || text.codePoints().allMatch(Printable::isPrintable)) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        text.codePoints().forEach(cp -> {
            if (isPrintable(cp)) {
                out.appendCodePoint(cp);
            } else if (cp == '\n') {
                out.append("\\n");
            } else if (cp == '\r') {
                out.append("\\r");
            } else if (cp == '\t') {
                out.append("\\t");
            } else if (cp < 0x100) {
                out.append(String.format("\\x%02x", cp));
            } else if (cp < 0x10000) {
                out.append(String.format("\\u%04x", cp));
            } else {
                out.append(String.format("\\U%08x", cp));
            }
        });
        return out.toString();
    }

    private static boolean isPrintable(int cp) {
        return switch (Character.getType(cp)) {
            case Character.CONTROL,
                    Character.FORMAT,
                    Character.LINE_SEPARATOR,
                    Character.PARAGRAPH_SEPARATOR,
                    Character.SURROGATE,
                    Character.PRIVATE_USE,
                    Character.UNASSIGNED -> false;
            default -> true;
        };
    }
}
