package dev.plainlance.sql;

import java.math.BigDecimal;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DateMilliVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.util.Text;
import org.apache.calcite.avatica.util.ByteString;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * How a dataset column appears to Calcite: its SQL type and the Java value Calcite's runtime uses for it (dates as
 * days since the epoch, timestamps as milliseconds, binaries as {@link ByteString}). Types SQL has no counterpart for
 * (lists, structs, maps, ...) are given as {@code VARCHAR}, their Arrow value's text (its JSON form).
 */
final class ColumnTypes {
    private ColumnTypes() {}

    static SqlTypeName sqlType(Field field) {
        ArrowType type = field.getType();
        if (type instanceof ArrowType.Int integer) {
            if (!integer.getIsSigned()) {
                return integer.getBitWidth() < 16
                        ? SqlTypeName.SMALLINT
                        : integer.getBitWidth() < 32 ? SqlTypeName.INTEGER : SqlTypeName.BIGINT;
            }
            switch (integer.getBitWidth()) {
                case 8:
                    return SqlTypeName.TINYINT;
                case 16:
                    return SqlTypeName.SMALLINT;
                case 32:
                    return SqlTypeName.INTEGER;
                default:
                    return SqlTypeName.BIGINT;
            }
        }
        if (type instanceof ArrowType.FloatingPoint floating) {
            return floating.getPrecision() == org.apache.arrow.vector.types.FloatingPointPrecision.DOUBLE
                    ? SqlTypeName.DOUBLE
                    : SqlTypeName.REAL;
        }
        if (type instanceof ArrowType.Bool) {
            return SqlTypeName.BOOLEAN;
        }
        if (type instanceof ArrowType.Decimal) {
            return SqlTypeName.DECIMAL;
        }
        if (type instanceof ArrowType.Date) {
            return SqlTypeName.DATE;
        }
        if (type instanceof ArrowType.Timestamp) {
            return SqlTypeName.TIMESTAMP;
        }
        if (type instanceof ArrowType.Binary
                || type instanceof ArrowType.LargeBinary
                || type instanceof ArrowType.FixedSizeBinary) {
            return SqlTypeName.VARBINARY;
        }
        return SqlTypeName.VARCHAR;
    }

    static RelDataType relType(Field field, RelDataTypeFactory types) {
        SqlTypeName name = sqlType(field);
        RelDataType type = name == SqlTypeName.DECIMAL
                ? types.createSqlType(
                        name,
                        ((ArrowType.Decimal) field.getType()).getPrecision(),
                        ((ArrowType.Decimal) field.getType()).getScale())
                : types.createSqlType(name);
        return types.createTypeWithNullability(type, true);
    }

    /** Row {@code row} of {@code vector} as Calcite's runtime holds a value of {@link #sqlType} of its field. */
    static Object value(FieldVector vector, int row) {
        if (vector.isNull(row)) {
            return null;
        }
        Field field = vector.getField();
        Object value = vector.getObject(row);
        switch (sqlType(field)) {
            case TINYINT:
                return ((Number) value).byteValue();
            case SMALLINT:
                return ((Number) value).shortValue();
            case INTEGER:
                return ((Number) value).intValue();
            case BIGINT:
                return ((Number) value).longValue();
            case REAL:
                return ((Number) value).floatValue();
            case DOUBLE:
                return ((Number) value).doubleValue();
            case BOOLEAN:
                return value;
            case DECIMAL:
                return (BigDecimal) value;
            case DATE:
                return vector instanceof DateDayVector days
                        ? days.get(row)
                        : (int) Math.floorDiv(((DateMilliVector) vector).get(row), TimeUnit.DAYS.toMillis(1));
            case TIMESTAMP:
                return timestampMillis((TimeStampVector) vector, row);
            case VARBINARY:
                return new ByteString((byte[]) value);
            default:
                return value instanceof Text text ? text.toString() : value.toString();
        }
    }

    private static long timestampMillis(TimeStampVector vector, int row) {
        long raw = vector.get(row);
        switch (((ArrowType.Timestamp) vector.getField().getType()).getUnit()) {
            case SECOND:
                return raw * 1000;
            case MILLISECOND:
                return raw;
            case MICROSECOND:
                return Math.floorDiv(raw, 1000);
            default:
                return Math.floorDiv(raw, 1_000_000);
        }
    }
}
