package dev.plainlance.lance.file.codec;

import org.apache.arrow.vector.types.pojo.ArrowType;

/** Byte widths of Arrow's fixed-width types. */
public final class FixedWidths {
    private FixedWidths() {}

    /** Bytes per value of a fixed-width Arrow type; fails for other types. */
    public static int byteWidth(ArrowType type) {
        switch (type.getTypeID()) {
            case Int:
                return ((ArrowType.Int) type).getBitWidth() / 8;
            case FloatingPoint:
                switch (((ArrowType.FloatingPoint) type).getPrecision()) {
                    case HALF:
                        return 2;
                    case SINGLE:
                        return 4;
                    default:
                        return 8;
                }
            case Date:
                return ((ArrowType.Date) type).getUnit() == org.apache.arrow.vector.types.DateUnit.DAY ? 4 : 8;
            case Time:
                return ((ArrowType.Time) type).getBitWidth() / 8;
            case Timestamp:
            case Duration:
                return 8;
            case Decimal:
                return ((ArrowType.Decimal) type).getBitWidth() / 8;
            case FixedSizeBinary:
                return ((ArrowType.FixedSizeBinary) type).getByteWidth();
            default:
                throw new DecodeException("unsupported Arrow type " + type);
        }
    }
}
