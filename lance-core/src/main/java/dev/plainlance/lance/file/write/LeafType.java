package dev.plainlance.lance.file.write;

import dev.plainlance.lance.error.UnsupportedFeatureException;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * How the values of a leaf column are laid out: fixed-width bytes, bits (booleans), variable-width with 32- or
 * 64-bit offsets, or fixed-size lists (possibly nested) of fixed-width or bit items.
 *
 * @param kind the physical kind of the leaf
 * @param itemBits bits per value (FIXED, BITS) or per innermost item (FSL)
 * @param offsetBytes 4 or 8 for VARIABLE, else 0
 * @param dimensions fixed-size list dimensions, outermost first (empty unless FSL)
 */
record LeafType(Kind kind, int itemBits, int offsetBytes, int[] dimensions) {
    enum Kind {
        FIXED,
        BITS,
        VARIABLE,
        FSL
    }

    /** Items per row: the product of all dimensions (1 unless FSL). */
    int itemsPerRow() {
        int product = 1;
        for (int d : dimensions) {
            product *= d;
        }
        return product;
    }

    /** Bits of one row's values (variable width: 0). */
    long rowBits() {
        return kind == Kind.VARIABLE ? 0 : (long) itemBits * itemsPerRow();
    }

    /**
     * The leaf type of an Arrow field that has no Lance children.
     *
     * @throws UnsupportedFeatureException naming the column for types the writer cannot store
     */
    static LeafType of(Field field, String column) {
        ArrowType type = field.getType();
        if (field.getDictionary() != null) {
            throw unsupported(column, "dictionary-encoded columns");
        }
        switch (type.getTypeID()) {
            case Bool:
                return new LeafType(Kind.BITS, 1, 0, new int[0]);
            case Utf8:
            case Binary:
                return new LeafType(Kind.VARIABLE, 8, 4, new int[0]);
            case LargeUtf8:
            case LargeBinary:
                return new LeafType(Kind.VARIABLE, 8, 8, new int[0]);
            case FixedSizeList:
                return fixedSizeList(field, column);
            default:
                int bits = fixedBits(type);
                if (bits <= 0) {
                    throw unsupported(column, "Arrow type " + type);
                }
                return new LeafType(Kind.FIXED, bits, 0, new int[0]);
        }
    }

    private static LeafType fixedSizeList(Field field, String column) {
        List<Integer> dims = new ArrayList<>();
        Field current = field;
        while (current.getType() instanceof ArrowType.FixedSizeList fsl) {
            if (fsl.getListSize() == 0) {
                throw unsupported(column, "fixed-size lists of size 0");
            }
            dims.add(fsl.getListSize());
            current = current.getChildren().get(0);
        }
        int bits = current.getType() instanceof ArrowType.Bool ? 1 : fixedBits(current.getType());
        if (bits <= 0) {
            throw unsupported(column, "fixed-size lists of " + current.getType());
        }
        return new LeafType(
                Kind.FSL, bits, 0, dims.stream().mapToInt(Integer::intValue).toArray());
    }

    /** Bits per value of a fixed-width Arrow type, or -1. */
    private static int fixedBits(ArrowType type) {
        return switch (type.getTypeID()) {
            case Int -> ((ArrowType.Int) type).getBitWidth();
            case FloatingPoint ->
                switch (((ArrowType.FloatingPoint) type).getPrecision()) {
                    case HALF -> 16;
                    case SINGLE -> 32;
                    case DOUBLE -> 64;
                };
            case Date -> ((ArrowType.Date) type).getUnit() == org.apache.arrow.vector.types.DateUnit.DAY ? 32 : 64;
            case Time -> ((ArrowType.Time) type).getBitWidth();
            case Timestamp, Duration -> 64;
            case Decimal -> ((ArrowType.Decimal) type).getBitWidth();
            case FixedSizeBinary -> {
                int width = ((ArrowType.FixedSizeBinary) type).getByteWidth();
                yield width == 0 ? -1 : width * 8;
            }
            default -> -1;
        };
    }

    static UnsupportedFeatureException unsupported(String column, String what) {
        return new UnsupportedFeatureException("column '" + column + "': the Lance file writer cannot write " + what);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LeafType other
                && kind == other.kind
                && itemBits == other.itemBits
                && offsetBytes == other.offsetBytes
                && java.util.Arrays.equals(dimensions, other.dimensions);
    }

    @Override
    public int hashCode() {
        return kind.hashCode() * 31 + itemBits;
    }

    @Override
    public String toString() {
        return kind + "(" + itemBits + ")" + java.util.Arrays.toString(dimensions);
    }
}
