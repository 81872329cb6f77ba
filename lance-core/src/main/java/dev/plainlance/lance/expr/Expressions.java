package dev.plainlance.lance.expr;

import java.util.Objects;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Entry points for the SQL predicate / expression language accepted by Lance's {@code delete},
 * {@code count_rows}, scan {@code filter} and {@code update} (a subset of DataFusion SQL).
 *
 * <pre>{@code
 * Predicate p = Expressions.predicate("id % 3 = 0 AND name LIKE 'a%'", schema);
 * BitSet selected = p.test(batch);
 * BoundExpression v = Expressions.bind("value * 2 + 1", schema);
 * FieldVector out = v.evaluate(batch, targetField, allocator);
 * }</pre>
 */
public final class Expressions {
    private Expressions() {}

    /**
     * Parses SQL expression text into an unbound AST.
     *
     * @throws ExpressionParseException on a syntax error (message shows the 1-based position and a
     *     caret line)
     */
    public static Expression parse(String sql) {
        return Parser.parse(sql);
    }

    /**
     * Resolves columns of {@code expression} against {@code schema} and type-checks it. Error
     * positions refer to the text the expression was parsed from (no caret line is shown because
     * the text is not known here; use {@link #bind(String, Schema)} for that).
     *
     * @throws UnknownColumnException for a column that is not in the schema
     * @throws ExpressionParseException for a type error (e.g. comparing utf8 with int64)
     */
    public static BoundExpression bind(Expression expression, Schema schema) {
        Objects.requireNonNull(expression, "expression");
        Objects.requireNonNull(schema, "schema");
        return new BoundExpression(expression, Binder.bind(expression, schema, null));
    }

    /** Parses and binds {@code sql}; errors show the position with a caret line. */
    public static BoundExpression bind(String sql, Schema schema) {
        Objects.requireNonNull(schema, "schema");
        Expression e = parse(sql);
        return new BoundExpression(e, Binder.bind(e, schema, sql));
    }

    /**
     * Parses and binds a filter.
     *
     * @throws ExpressionParseException if it does not parse, bind or is not boolean
     */
    public static Predicate predicate(String sql, Schema schema) {
        BoundExpression b = bind(sql, schema);
        if (!b.isPredicate()) {
            throw new ExpressionParseException(
                    "filter must be a boolean expression, got " + SqlTypes.describe(b.type()), 1, sql);
        }
        return b.toPredicate();
    }
}
