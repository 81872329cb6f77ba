package dev.plainlance.lance.expr;

import java.time.LocalDate;
import java.time.LocalDateTime;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * Evaluation type: a physical {@link K kind} (how values are held in {@link Vals}) plus the Arrow
 * type reported to callers. DECIMAL values are held with {@code scale}; TIMESTAMP values are epoch
 * values in {@code unit}; DATE values are epoch days.
 */
record VType(K kind, ArrowType arrow, int scale, TimeUnit unit) {

    enum K {
        NULL,
        BOOL,
        LONG,
        DOUBLE,
        DECIMAL,
        STRING,
        BINARY,
        DATE,
        TIMESTAMP
    }

    static final VType NULL = new VType(K.NULL, ArrowType.Null.INSTANCE, 0, null);
    static final VType BOOL = new VType(K.BOOL, SqlTypes.BOOL, 0, null);
    static final VType INT64 = new VType(K.LONG, SqlTypes.INT64, 0, null);
    static final VType FLOAT64 = new VType(K.DOUBLE, SqlTypes.FLOAT64, 0, null);
    static final VType UTF8 = new VType(K.STRING, SqlTypes.UTF8, 0, null);
    static final VType BINARY = new VType(K.BINARY, ArrowType.Binary.INSTANCE, 0, null);
    static final VType DATE = new VType(K.DATE, SqlTypes.DATE, 0, null);

    static VType decimal(int scale) {
        return new VType(K.DECIMAL, new ArrowType.Decimal(38, scale, 128), scale, null);
    }

    static VType timestamp(TimeUnit unit) {
        return new VType(K.TIMESTAMP, new ArrowType.Timestamp(unit, null), 0, unit);
    }

    /** The evaluation type for values of an Arrow type, or null if the type is unsupported. */
    static VType of(ArrowType a) {
        if (a instanceof ArrowType.Null) {
            return NULL;
        } else if (a instanceof ArrowType.Bool) {
            return new VType(K.BOOL, a, 0, null);
        } else if (a instanceof ArrowType.Int i) {
            if (i.getBitWidth() == 64 && !i.getIsSigned()) {
                return new VType(K.DECIMAL, a, 0, null);
            }
            return new VType(K.LONG, a, 0, null);
        } else if (a instanceof ArrowType.FloatingPoint) {
            return new VType(K.DOUBLE, a, 0, null);
        } else if (a instanceof ArrowType.Decimal d) {
            return new VType(K.DECIMAL, a, d.getScale(), null);
        } else if (a instanceof ArrowType.Utf8 || a instanceof ArrowType.LargeUtf8 || a instanceof ArrowType.Utf8View) {
            return new VType(K.STRING, a, 0, null);
        } else if (a instanceof ArrowType.Binary
                || a instanceof ArrowType.LargeBinary
                || a instanceof ArrowType.FixedSizeBinary
                || a instanceof ArrowType.BinaryView) {
            return new VType(K.BINARY, a, 0, null);
        } else if (a instanceof ArrowType.Date) {
            return new VType(K.DATE, a, 0, null);
        } else if (a instanceof ArrowType.Timestamp t) {
            return new VType(K.TIMESTAMP, a, 0, t.getUnit());
        }
        return null;
    }

    static VType ofLiteral(Object v) {
        if (v == null) {
            return NULL;
        } else if (v instanceof Boolean) {
            return BOOL;
        } else if (v instanceof Long) {
            return INT64;
        } else if (v instanceof Double) {
            return FLOAT64;
        } else if (v instanceof String) {
            return UTF8;
        } else if (v instanceof LocalDate) {
            return DATE;
        } else if (v instanceof LocalDateTime t) {
            return timestamp(Temporals.exactUnit(t));
        }
        throw new IllegalArgumentException("literal " + v.getClass());
    }

    boolean numeric() {
        return kind == K.LONG || kind == K.DOUBLE || kind == K.DECIMAL;
    }

    String describe() {
        return SqlTypes.describe(arrow);
    }
}
