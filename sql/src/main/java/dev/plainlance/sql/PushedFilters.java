package dev.plainlance.sql;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Renders the filters Calcite offers a table scan as a plainlance scan filter (its SQL predicate language). Only
 * predicates whose meaning is the same in both are taken: comparisons of a column with a literal of the column's own
 * type family, {@code IS [NOT] NULL}, and {@code AND} / {@code OR} / {@code NOT} of those. The taken filters are
 * removed from Calcite's list (plainlance applies them); the others stay for Calcite to apply.
 */
final class PushedFilters {
    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private PushedFilters() {}

    /**
     * The conjunction of the filters taken out of {@code filters}, if any; {@code types} gives each column's SQL
     * type, or null where no predicate may be pushed.
     */
    static Optional<String> take(List<RexNode> filters, List<String> columns, List<SqlTypeName> types) {
        List<String> taken = new ArrayList<>();
        for (Iterator<RexNode> it = filters.iterator(); it.hasNext(); ) {
            Optional<String> rendered = render(it.next(), columns, types);
            if (rendered.isPresent()) {
                taken.add("(" + rendered.get() + ")");
                it.remove();
            }
        }
        return taken.isEmpty() ? Optional.empty() : Optional.of(String.join(" AND ", taken));
    }

    private static Optional<String> render(RexNode node, List<String> columns, List<SqlTypeName> types) {
        if (!(node instanceof RexCall call)) {
            return Optional.empty();
        }
        SqlKind kind = call.getKind();
        switch (kind) {
            case AND:
            case OR: {
                List<String> parts = new ArrayList<>();
                for (RexNode operand : call.getOperands()) {
                    Optional<String> part = render(operand, columns, types);
                    if (part.isEmpty()) {
                        return Optional.empty();
                    }
                    parts.add("(" + part.get() + ")");
                }
                return Optional.of(String.join(kind == SqlKind.AND ? " AND " : " OR ", parts));
            }
            case NOT:
                return render(call.getOperands().get(0), columns, types).map(inner -> "NOT (" + inner + ")");
            case IS_NULL:
            case IS_NOT_NULL:
                return column(call.getOperands().get(0), columns)
                        .map(c -> c + (kind == SqlKind.IS_NULL ? " IS NULL" : " IS NOT NULL"));
            case EQUALS:
            case NOT_EQUALS:
            case LESS_THAN:
            case LESS_THAN_OR_EQUAL:
            case GREATER_THAN:
            case GREATER_THAN_OR_EQUAL:
                return comparison(call, columns, types);
            default:
                return Optional.empty();
        }
    }

    private static Optional<String> comparison(RexCall call, List<String> columns, List<SqlTypeName> types) {
        RexNode left = call.getOperands().get(0);
        RexNode right = call.getOperands().get(1);
        SqlKind kind = call.getKind();
        if (left instanceof RexLiteral && right instanceof RexInputRef) {
            RexNode swap = left;
            left = right;
            right = swap;
            kind = kind.reverse();
        }
        if (!(left instanceof RexInputRef ref && right instanceof RexLiteral literal)) {
            return Optional.empty();
        }
        Optional<String> column = column(ref, columns);
        Optional<String> value = literal(literal, types.get(ref.getIndex()));
        if (column.isEmpty() || value.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(column.get() + " " + operator(kind) + " " + value.get());
    }

    private static String operator(SqlKind kind) {
        switch (kind) {
            case EQUALS:
                return "=";
            case NOT_EQUALS:
                return "<>";
            case LESS_THAN:
                return "<";
            case LESS_THAN_OR_EQUAL:
                return "<=";
            case GREATER_THAN:
                return ">";
            default:
                return ">=";
        }
    }

    private static Optional<String> column(RexNode node, List<String> columns) {
        if (!(node instanceof RexInputRef ref) || ref.getIndex() >= columns.size()) {
            return Optional.empty();
        }
        String name = columns.get(ref.getIndex());
        return PLAIN_NAME.matcher(name).matches() ? Optional.of("`" + name + "`") : Optional.empty();
    }

    /**
     * The literal in plainlance's syntax, if it is of the column's type family and not null; {@code columnType} is
     * null for a column no predicate is pushed on.
     */
    private static Optional<String> literal(RexLiteral literal, SqlTypeName columnType) {
        if (columnType == null || literal.isNull()) {
            return Optional.empty();
        }
        SqlTypeFamily family = literal.getType().getSqlTypeName().getFamily();
        if (SqlTypeName.INT_TYPES.contains(columnType) && family == SqlTypeFamily.NUMERIC) {
            BigDecimal value = literal.getValueAs(BigDecimal.class);
            return value.stripTrailingZeros().scale() <= 0
                    ? Optional.of(value.toBigIntegerExact().toString())
                    : Optional.empty();
        }
        if (columnType == SqlTypeName.DOUBLE && family == SqlTypeFamily.NUMERIC) {
            BigDecimal value = literal.getValueAs(BigDecimal.class);
            return Optional.of(value.toPlainString() + (value.scale() <= 0 ? ".0" : ""));
        }
        if (columnType == SqlTypeName.VARCHAR && family == SqlTypeFamily.CHARACTER) {
            return Optional.of("'" + literal.getValueAs(String.class).replace("'", "''") + "'");
        }
        if (columnType == SqlTypeName.BOOLEAN && family == SqlTypeFamily.BOOLEAN) {
            return Optional.of(Boolean.TRUE.equals(literal.getValueAs(Boolean.class)) ? "TRUE" : "FALSE");
        }
        return Optional.empty();
    }
}
