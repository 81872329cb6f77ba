package dev.plainlance.graph.schema;

import java.util.Optional;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;

/** The built-in scalar types of {@code .pg}, with the Arrow type each is stored as. */
public enum ScalarKind {
    STRING("String", ArrowType.Utf8.INSTANCE),
    BOOL("Bool", ArrowType.Bool.INSTANCE),
    I32("I32", new ArrowType.Int(32, true)),
    I64("I64", new ArrowType.Int(64, true)),
    U32("U32", new ArrowType.Int(32, false)),
    U64("U64", new ArrowType.Int(64, false)),
    F32("F32", new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE)),
    F64("F64", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)),
    DATE("Date", new ArrowType.Date(DateUnit.DAY)),
    DATETIME("DateTime", new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC")),
    BLOB("Blob", ArrowType.LargeBinary.INSTANCE);

    private final String sourceName;
    private final ArrowType arrowType;

    ScalarKind(String sourceName, ArrowType arrowType) {
        this.sourceName = sourceName;
        this.arrowType = arrowType;
    }

    /** The spelling in {@code .pg} source, e.g. {@code DateTime}. */
    public String sourceName() {
        return sourceName;
    }

    public ArrowType arrowType() {
        return arrowType;
    }

    /** Integer and floating-point kinds: the ones {@code @range} applies to. */
    public boolean isNumeric() {
        return switch (this) {
            case I32, I64, U32, U64, F32, F64 -> true;
            default -> false;
        };
    }

    public static Optional<ScalarKind> fromSourceName(String name) {
        for (ScalarKind kind : values()) {
            if (kind.sourceName.equals(name)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
