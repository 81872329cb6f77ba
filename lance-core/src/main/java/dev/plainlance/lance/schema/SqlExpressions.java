package dev.plainlance.lance.schema;

import java.util.ArrayList;
import java.util.List;

/** Named SQL expressions defining new columns, mirroring {@code org.lance.schema.SqlExpressions}. */
public final class SqlExpressions {
    /** One new column: its name and the SQL expression computing it from existing columns. */
    public record SqlExpression(String name, String expression) {
        public String getName() {
            return name;
        }

        public String getExpression() {
            return expression;
        }
    }

    private final List<SqlExpression> expressions;

    private SqlExpressions(List<SqlExpression> expressions) {
        this.expressions = List.copyOf(expressions);
    }

    public List<SqlExpression> getSqlExpressions() {
        return expressions;
    }

    /** Builds {@link SqlExpressions}, e.g. {@code new Builder().withExpression("double_id", "id * 2").build()}. */
    public static final class Builder {
        private final List<SqlExpression> expressions = new ArrayList<>();

        public Builder withExpression(String name, String expression) {
            expressions.add(new SqlExpression(name, expression));
            return this;
        }

        public SqlExpressions build() {
            return new SqlExpressions(expressions);
        }
    }
}
