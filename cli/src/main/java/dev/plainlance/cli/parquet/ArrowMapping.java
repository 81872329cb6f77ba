package dev.plainlance.cli.parquet;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeMilliVector;
import org.apache.arrow.vector.TimeNanoVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.UInt1Vector;
import org.apache.arrow.vector.UInt2Vector;
import org.apache.arrow.vector.UInt4Vector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * Parquet schema → Arrow: optional fields are nullable; integers, floats, booleans, strings, binary, dates, times,
 * timestamps (UTC-adjusted ones get time zone "UTC") and decimals map to their Arrow types; three-level LIST
 * groups become lists and plain groups structs. INT96, maps, legacy list layouts and bare repeated fields are
 * refused by name.
 */
final class ArrowMapping {
    private final String file;

    ArrowMapping(String file) {
        this.file = file;
    }

    Field field(Type type) {
        boolean nullable = type.getRepetition() == Type.Repetition.OPTIONAL;
        if (type.getRepetition() == Type.Repetition.REPEATED) {
            throw unsupported(type, "a repeated field outside a LIST group");
        }
        if (type.isPrimitive()) {
            return new Field(type.getName(), new FieldType(nullable, arrowType(type.asPrimitiveType()), null), null);
        }
        GroupType group = type.asGroupType();
        LogicalTypeAnnotation logical = group.getLogicalTypeAnnotation();
        if (logical instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation) {
            Type element = listElement(group);
            Field item = field(element);
            return new Field(
                    type.getName(),
                    new FieldType(nullable, ArrowType.List.INSTANCE, null),
                    List.of(new Field("item", item.getFieldType(), item.getChildren())));
        }
        if (logical != null) {
            throw unsupported(type, logical + " groups");
        }
        List<Field> children = new ArrayList<>();
        for (Type child : group.getFields()) {
            children.add(field(child));
        }
        return new Field(type.getName(), new FieldType(nullable, ArrowType.Struct.INSTANCE, null), children);
    }

    /** The element of a three-level list: {@code <list> (LIST) { repeated group <x> { <element> } }}. */
    private Type listElement(GroupType list) {
        if (list.getFieldCount() != 1
                || list.getType(0).isPrimitive()
                || list.getType(0).getRepetition() != Type.Repetition.REPEATED
                || list.getType(0).asGroupType().getFieldCount() != 1) {
            throw unsupported(list, "a legacy (two-level) LIST layout");
        }
        return list.getType(0).asGroupType().getType(0);
    }

    private ArrowType arrowType(PrimitiveType type) {
        LogicalTypeAnnotation logical = type.getLogicalTypeAnnotation();
        if (logical instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation decimal) {
            if (decimal.getPrecision() > 38) {
                throw unsupported(type, "decimals of precision " + decimal.getPrecision() + " (above 38)");
            }
            return new ArrowType.Decimal(decimal.getPrecision(), decimal.getScale(), 128);
        }
        switch (type.getPrimitiveTypeName()) {
            case BOOLEAN:
                return ArrowType.Bool.INSTANCE;
            case INT32:
                if (logical instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation integer) {
                    return new ArrowType.Int(integer.getBitWidth(), integer.isSigned());
                }
                if (logical instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation) {
                    return new ArrowType.Date(DateUnit.DAY);
                }
                if (logical instanceof LogicalTypeAnnotation.TimeLogicalTypeAnnotation) {
                    return new ArrowType.Time(TimeUnit.MILLISECOND, 32);
                }
                return plain(type, new ArrowType.Int(32, true));
            case INT64:
                if (logical instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation integer) {
                    return new ArrowType.Int(64, integer.isSigned());
                }
                if (logical instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation ts) {
                    return new ArrowType.Timestamp(unit(ts.getUnit()), ts.isAdjustedToUTC() ? "UTC" : null);
                }
                if (logical instanceof LogicalTypeAnnotation.TimeLogicalTypeAnnotation time) {
                    return new ArrowType.Time(unit(time.getUnit()), 64);
                }
                return plain(type, new ArrowType.Int(64, true));
            case FLOAT:
                return plain(type, new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE));
            case DOUBLE:
                return plain(type, new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE));
            case BINARY:
                if (logical instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation
                        || logical instanceof LogicalTypeAnnotation.EnumLogicalTypeAnnotation
                        || logical instanceof LogicalTypeAnnotation.JsonLogicalTypeAnnotation) {
                    return ArrowType.Utf8.INSTANCE;
                }
                return plain(type, ArrowType.Binary.INSTANCE);
            case FIXED_LEN_BYTE_ARRAY:
                if (logical != null && !(logical instanceof LogicalTypeAnnotation.UUIDLogicalTypeAnnotation)) {
                    throw unsupported(type, logical + " values");
                }
                return new ArrowType.FixedSizeBinary(type.getTypeLength());
            default:
                throw unsupported(type, type.getPrimitiveTypeName() + " values");
        }
    }

    private ArrowType plain(PrimitiveType type, ArrowType arrow) {
        if (type.getLogicalTypeAnnotation() != null) {
            throw unsupported(type, type.getLogicalTypeAnnotation() + " on " + type.getPrimitiveTypeName());
        }
        return arrow;
    }

    private static TimeUnit unit(LogicalTypeAnnotation.TimeUnit unit) {
        switch (unit) {
            case MILLIS:
                return TimeUnit.MILLISECOND;
            case MICROS:
                return TimeUnit.MICROSECOND;
            default:
                return TimeUnit.NANOSECOND;
        }
    }

    private ParquetInputException unsupported(Type type, String what) {
        return new ParquetInputException(
                file, "column '" + type.getName() + "' uses " + what + ", which plainlance" + " does not import");
    }

    /** The writer filling {@code vector} (made from {@link #field(Type)} of {@code type}). */
    static ColumnWriter writer(Type type, FieldVector vector) {
        if (vector instanceof StructVector struct) {
            GroupType group = type.asGroupType();
            List<ColumnWriter> children = new ArrayList<>();
            for (int i = 0; i < group.getFieldCount(); i++) {
                children.add(writer(group.getType(i), (FieldVector) struct.getChildByOrdinal(i)));
            }
            return new ColumnWriter.Struct(struct, children);
        }
        if (vector instanceof ListVector list) {
            Type element = type.asGroupType().getType(0).asGroupType().getType(0);
            return new ColumnWriter.ListOf(list, writer(element, list.getDataVector()));
        }
        return new ColumnWriter.Leaf(vector, store(vector));
    }

    private static ColumnWriter.Store<Object> store(FieldVector vector) {
        if (vector instanceof BitVector v) {
            return (i, value) -> v.setSafe(i, (Boolean) value ? 1 : 0);
        }
        if (vector instanceof TinyIntVector v) {
            return (i, value) -> v.setSafe(i, (byte) (int) (Integer) value);
        }
        if (vector instanceof SmallIntVector v) {
            return (i, value) -> v.setSafe(i, (short) (int) (Integer) value);
        }
        if (vector instanceof IntVector v) {
            return (i, value) -> v.setSafe(i, (Integer) value);
        }
        if (vector instanceof UInt1Vector v) {
            return (i, value) -> v.setSafe(i, (byte) (int) (Integer) value);
        }
        if (vector instanceof UInt2Vector v) {
            return (i, value) -> v.setSafe(i, (char) (int) (Integer) value);
        }
        if (vector instanceof UInt4Vector v) {
            return (i, value) -> v.setSafe(i, (Integer) value);
        }
        if (vector instanceof BigIntVector v) {
            return (i, value) -> v.setSafe(i, (Long) value);
        }
        if (vector instanceof UInt8Vector v) {
            return (i, value) -> v.setSafe(i, (Long) value);
        }
        if (vector instanceof Float4Vector v) {
            return (i, value) -> v.setSafe(i, (Float) value);
        }
        if (vector instanceof Float8Vector v) {
            return (i, value) -> v.setSafe(i, (Double) value);
        }
        if (vector instanceof DateDayVector v) {
            return (i, value) -> v.setSafe(i, (Integer) value);
        }
        if (vector instanceof TimeMilliVector v) {
            return (i, value) -> v.setSafe(i, (Integer) value);
        }
        if (vector instanceof TimeMicroVector v) {
            return (i, value) -> v.setSafe(i, (Long) value);
        }
        if (vector instanceof TimeNanoVector v) {
            return (i, value) -> v.setSafe(i, (Long) value);
        }
        if (vector instanceof TimeStampVector v) {
            return (i, value) -> v.setSafe(i, (Long) value);
        }
        if (vector instanceof DecimalVector v) {
            return (i, value) -> {
                if (value instanceof byte[] bigEndian) {
                    v.setBigEndianSafe(i, bigEndian);
                } else {
                    v.setSafe(i, ((Number) value).longValue());
                }
            };
        }
        if (vector instanceof VarCharVector v) {
            return (i, value) -> v.setSafe(i, (byte[]) value);
        }
        if (vector instanceof VarBinaryVector v) {
            return (i, value) -> v.setSafe(i, (byte[]) value);
        }
        if (vector instanceof FixedSizeBinaryVector v) {
            return (i, value) -> v.setSafe(i, (byte[]) value);
        }
        throw new IllegalStateException("no Parquet writer for " + vector.getField());
    }
}
