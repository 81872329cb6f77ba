package dev.plainlance.lance.expr;

/**
 * A column of evaluated values for one batch: null flags plus one kind-specific array ({@code b}
 * for BOOL, {@code l} for LONG/DATE/TIMESTAMP, {@code d} for DOUBLE, {@code o} for DECIMAL ({@link
 * java.math.BigDecimal}), STRING ({@link String}) and BINARY ({@code byte[]})).
 */
final class Vals {
    final VType type;
    final int n;
    final boolean[] nulls;
    final boolean[] b;
    final long[] l;
    final double[] d;
    final Object[] o;

    Vals(VType type, int n) {
        this(type, n, new boolean[n]);
    }

    /**
     * Values whose null flags are {@code nulls} itself, not a copy: for a node that takes over the flags of an
     * operand it evaluated and will not use again (every {@code eval} returns values its caller alone holds).
     */
    Vals(VType type, int n, boolean[] nulls) {
        this.type = type;
        this.n = n;
        this.nulls = nulls;
        VType.K k = type.kind();
        this.b = k == VType.K.BOOL ? new boolean[n] : null;
        this.l = k == VType.K.LONG || k == VType.K.DATE || k == VType.K.TIMESTAMP ? new long[n] : null;
        this.d = k == VType.K.DOUBLE ? new double[n] : null;
        this.o = k == VType.K.DECIMAL || k == VType.K.STRING || k == VType.K.BINARY ? new Object[n] : null;
        if (k == VType.K.NULL) {
            java.util.Arrays.fill(nulls, true);
        }
    }

    boolean isNull(int i) {
        return nulls[i];
    }

    /** Boxed value of row i (null for SQL NULL); for tests and slow paths. */
    Object get(int i) {
        if (nulls[i]) {
            return null;
        }
        switch (type.kind()) {
            case BOOL:
                return b[i];
            case LONG:
            case DATE:
            case TIMESTAMP:
                return l[i];
            case DOUBLE:
                return d[i];
            case NULL:
                return null;
            default:
                return o[i];
        }
    }
}
