package dev.plainlance.lance.expr;

import java.util.BitSet;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * A bound boolean filter with SQL WHERE semantics: a row is selected only when the predicate is
 * TRUE (FALSE and NULL rows are dropped). Immutable and thread-safe.
 */
public final class Predicate {
    private final BoundExpression bound;

    Predicate(BoundExpression bound) {
        this.bound = bound;
    }

    public BoundExpression bound() {
        return bound;
    }

    /**
     * Evaluates the predicate over all rows of {@code root}.
     *
     * @return the indexes of rows for which the predicate is TRUE
     * @throws ExpressionEvaluationException on a runtime error (e.g. divide by zero)
     */
    public BitSet test(VectorSchemaRoot root) {
        Vals v = bound.evalRaw(root);
        BitSet out = new BitSet(v.n);
        if (v.type.kind() == VType.K.NULL) {
            return out;
        }
        for (int i = 0; i < v.n; i++) {
            if (!v.nulls[i] && v.b[i]) {
                out.set(i);
            }
        }
        return out;
    }

    /** Number of rows of {@code root} for which the predicate is TRUE. */
    public int count(VectorSchemaRoot root) {
        return test(root).cardinality();
    }

    @Override
    public String toString() {
        return bound.expression().toSql();
    }
}
