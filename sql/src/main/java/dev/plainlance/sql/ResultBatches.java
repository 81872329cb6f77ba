package dev.plainlance.sql;

import dev.plainlance.lance.arrow.ArrowReaders;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeStampMilliVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.Text;

/**
 * A JDBC result as Arrow batches of {@value #BATCH_ROWS} rows: integers, floats, booleans, decimals, dates,
 * timestamps (milliseconds), strings and binaries keep their type; other SQL types become strings. The result is
 * read whole before the reader is returned (SQL results are aggregates or selections).
 */
final class ResultBatches {
    static final int BATCH_ROWS = 8192;

    private ResultBatches() {}

    static ArrowReader read(ResultSet results, BufferAllocator allocator) throws SQLException {
        ResultSetMetaData meta = results.getMetaData();
        List<Field> fields = new ArrayList<>();
        for (int c = 1; c <= meta.getColumnCount(); c++) {
            fields.add(new Field(meta.getColumnLabel(c), FieldType.nullable(arrowType(meta, c)), null));
        }
        Schema schema = new Schema(fields);
        List<VectorSchemaRoot> batches = new ArrayList<>();
        try {
            VectorSchemaRoot batch = null;
            int row = 0;
            while (results.next()) {
                if (batch == null || row == BATCH_ROWS) {
                    finish(batch, row);
                    batch = VectorSchemaRoot.create(schema, allocator);
                    batches.add(batch);
                    row = 0;
                }
                for (int c = 0; c < fields.size(); c++) {
                    set(batch.getVector(c), row, results, c + 1);
                }
                row++;
            }
            finish(batch, row);
            return ArrowReaders.owning(schema, batches, allocator);
        } catch (SQLException | RuntimeException e) {
            batches.forEach(VectorSchemaRoot::close);
            throw e;
        }
    }

    private static void finish(VectorSchemaRoot batch, int rows) {
        if (batch != null) {
            batch.setRowCount(rows);
        }
    }

    private static ArrowType arrowType(ResultSetMetaData meta, int column) throws SQLException {
        switch (meta.getColumnType(column)) {
            case Types.TINYINT:
                return new ArrowType.Int(8, true);
            case Types.SMALLINT:
                return new ArrowType.Int(16, true);
            case Types.INTEGER:
                return new ArrowType.Int(32, true);
            case Types.BIGINT:
                return new ArrowType.Int(64, true);
            case Types.REAL:
                return new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
            case Types.FLOAT:
            case Types.DOUBLE:
                return new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
            case Types.BOOLEAN:
                return ArrowType.Bool.INSTANCE;
            case Types.DECIMAL:
                return new ArrowType.Decimal(
                        Math.min(38, Math.max(1, meta.getPrecision(column))), meta.getScale(column), 128);
            case Types.DATE:
                return new ArrowType.Date(DateUnit.DAY);
            case Types.TIMESTAMP:
                return new ArrowType.Timestamp(TimeUnit.MILLISECOND, null);
            case Types.BINARY:
            case Types.VARBINARY:
                return ArrowType.Binary.INSTANCE;
            default:
                return ArrowType.Utf8.INSTANCE;
        }
    }

    private static void set(FieldVector vector, int row, ResultSet results, int column) throws SQLException {
        Object value = results.getObject(column);
        if (value == null) {
            vector.setNull(row);
            return;
        }
        if (vector instanceof TinyIntVector v) {
            v.setSafe(row, results.getByte(column));
        } else if (vector instanceof SmallIntVector v) {
            v.setSafe(row, results.getShort(column));
        } else if (vector instanceof IntVector v) {
            v.setSafe(row, results.getInt(column));
        } else if (vector instanceof BigIntVector v) {
            v.setSafe(row, results.getLong(column));
        } else if (vector instanceof Float4Vector v) {
            v.setSafe(row, results.getFloat(column));
        } else if (vector instanceof Float8Vector v) {
            v.setSafe(row, results.getDouble(column));
        } else if (vector instanceof BitVector v) {
            v.setSafe(row, results.getBoolean(column) ? 1 : 0);
        } else if (vector instanceof DecimalVector v) {
            BigDecimal decimal = results.getBigDecimal(column).setScale(v.getScale(), RoundingMode.UNNECESSARY);
            v.setSafe(row, decimal);
        } else if (vector instanceof DateDayVector v) {
            v.setSafe(row, (int) results.getDate(column).toLocalDate().toEpochDay());
        } else if (vector instanceof TimeStampMilliVector v) {
            v.setSafe(row, results.getTimestamp(column).getTime());
        } else if (vector instanceof VarBinaryVector v) {
            v.setSafe(row, results.getBytes(column));
        } else {
            ((VarCharVector) vector).setSafe(row, new Text(results.getString(column)));
        }
    }
}
