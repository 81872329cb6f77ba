package dev.plainlance.sql;

import java.io.IOException;
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
 * A JDBC result as Arrow batches of {@value #BATCH_ROWS} rows, read as the caller asks for them: integers, floats,
 * booleans, decimals, dates, timestamps (milliseconds), strings and binaries keep their type; other SQL types become
 * strings. Closing the reader closes the result, its statement and connection (and so the scans under them).
 */
final class ResultBatches extends ArrowReader {
    static final int BATCH_ROWS = 8192;

    private final AutoCloseable[] resources;
    private final ResultSet results;
    private final Schema schema;
    private boolean exhausted;

    /** @param resources closed with the reader, last first: the connection, then the statement */
    ResultBatches(ResultSet results, BufferAllocator allocator, AutoCloseable... resources) throws SQLException {
        super(allocator);
        this.results = results;
        this.resources = resources;
        ResultSetMetaData meta = results.getMetaData();
        List<Field> fields = new ArrayList<>();
        for (int c = 1; c <= meta.getColumnCount(); c++) {
            fields.add(new Field(meta.getColumnLabel(c), FieldType.nullable(arrowType(meta, c)), null));
        }
        this.schema = new Schema(fields);
    }

    @Override
    public boolean loadNextBatch() throws IOException {
        VectorSchemaRoot batch = getVectorSchemaRoot();
        batch.allocateNew();
        int row = 0;
        try {
            while (!exhausted && row < BATCH_ROWS) {
                if (!results.next()) {
                    exhausted = true;
                    break;
                }
                for (int c = 0; c < schema.getFields().size(); c++) {
                    set(batch.getVector(c), row, results, c + 1);
                }
                row++;
            }
        } catch (SQLException e) {
            throw new IOException("SQL query failed: " + CalciteSqlEngine.firstLine(e), e);
        }
        batch.setRowCount(row);
        return row > 0;
    }

    @Override
    public long bytesRead() {
        return 0;
    }

    @Override
    protected void closeReadSource() throws IOException {
        Exception first = null;
        try {
            results.close();
        } catch (SQLException e) {
            first = e;
        }
        for (int i = resources.length - 1; i >= 0; i--) {
            try {
                resources[i].close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw new IOException("cannot close the SQL query: " + first.getMessage(), first);
        }
    }

    @Override
    protected Schema readSchema() {
        return schema;
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
