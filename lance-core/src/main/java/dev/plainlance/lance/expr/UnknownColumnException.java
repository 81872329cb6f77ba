package dev.plainlance.lance.expr;

import java.util.List;

/** An expression references a column that does not exist in the schema it is bound against. */
public final class UnknownColumnException extends ExpressionParseException {
    private static final long serialVersionUID = 1L;

    private final String column;
    private final List<String> available;

    public UnknownColumnException(String column, List<String> available, int position, String sql) {
        super(
                "unknown column '" + column + "' (available columns: " + String.join(", ", available) + ")",
                position,
                sql);
        this.column = column;
        this.available = List.copyOf(available);
    }

    /** The dotted column path as written (unquoted). */
    public String column() {
        return column;
    }

    /** All column paths of the schema (structs contribute their nested leaf paths too). */
    public List<String> available() {
        return available;
    }
}
