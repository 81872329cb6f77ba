package dev.plainlance.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Reads JSON Lines (one JSON object per line) as Arrow batches of a schema given by {@link ColumnSpecs}. A missing
 * key or JSON {@code null} is a null; keys not in the schema are an error, as are values of the wrong type, each
 * reported with the line number and column.
 */
final class JsonLinesReader extends ArrowReader {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BATCH_ROWS = 8192;

    private final BufferedReader lines;
    private final Schema schema;
    private final String name;
    private long lineNumber;

    JsonLinesReader(BufferedReader lines, Schema schema, String name, BufferAllocator allocator) {
        super(allocator);
        this.lines = lines;
        this.schema = schema;
        this.name = name;
    }

    @Override
    public boolean loadNextBatch() throws IOException {
        VectorSchemaRoot root = getVectorSchemaRoot();
        root.allocateNew();
        int rows = 0;
        String line;
        while (rows < BATCH_ROWS && (line = lines.readLine()) != null) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            JsonNode object;
            try {
                object = JSON.readTree(line);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalArgumentException(where() + ": not JSON: " + e.getOriginalMessage());
            }
            if (object == null || !object.isObject()) {
                throw new IllegalArgumentException(where() + ": expected a JSON object");
            }
            object.fieldNames().forEachRemaining(key -> {
                if (schema.getFields().stream().noneMatch(f -> f.getName().equals(key))) {
                    throw new IllegalArgumentException(where() + ": key '" + key + "' is not in the schema");
                }
            });
            List<FieldVector> vectors = root.getFieldVectors();
            for (FieldVector vector : vectors) {
                set(vector, rows, object.get(vector.getName()));
            }
            rows++;
        }
        root.setRowCount(rows);
        return rows > 0;
    }

    private void set(FieldVector vector, int row, JsonNode value) {
        Field field = vector.getField();
        if (value == null || value.isNull()) {
            if (!field.isNullable()) {
                throw new IllegalArgumentException(where() + ": column '" + field.getName() + "' is not nullable");
            }
            vector.setNull(row);
            return;
        }
        try {
            if (vector instanceof BitVector v && value.isBoolean()) {
                v.setSafe(row, value.booleanValue() ? 1 : 0);
            } else if (vector instanceof TinyIntVector v && value.isIntegralNumber()) {
                v.setSafe(row, (int) integral(field, value, Byte.MIN_VALUE, Byte.MAX_VALUE));
            } else if (vector instanceof SmallIntVector v && value.isIntegralNumber()) {
                v.setSafe(row, (int) integral(field, value, Short.MIN_VALUE, Short.MAX_VALUE));
            } else if (vector instanceof IntVector v && value.isIntegralNumber()) {
                v.setSafe(row, (int) integral(field, value, Integer.MIN_VALUE, Integer.MAX_VALUE));
            } else if (vector instanceof BigIntVector v && value.isIntegralNumber()) {
                v.setSafe(row, integral(field, value, Long.MIN_VALUE, Long.MAX_VALUE));
            } else if (vector instanceof Float4Vector v && value.isNumber()) {
                v.setSafe(row, value.floatValue());
            } else if (vector instanceof Float8Vector v && value.isNumber()) {
                v.setSafe(row, value.doubleValue());
            } else if (vector instanceof VarCharVector v && value.isTextual()) {
                v.setSafe(row, value.textValue().getBytes(StandardCharsets.UTF_8));
            } else if (vector instanceof DateDayVector v && value.isTextual()) {
                v.setSafe(
                        row, Math.toIntExact(LocalDate.parse(value.textValue()).toEpochDay()));
            } else if (vector instanceof TimeStampMicroTZVector v && value.isTextual()) {
                Instant t = Instant.parse(value.textValue());
                v.setSafe(row, Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000));
            } else {
                throw new IllegalArgumentException(
                        where() + ": column '" + field.getName() + "' expects " + field.getType() + ", not " + value);
            }
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new IllegalArgumentException(where() + ": column '" + field.getName() + "': " + e.getMessage());
        }
    }

    private long integral(Field field, JsonNode value, long min, long max) {
        if (!value.canConvertToLong() || value.longValue() < min || value.longValue() > max) {
            throw new IllegalArgumentException(where() + ": " + value + " is out of range for column '"
                    + field.getName() + "' (" + field.getType() + ")");
        }
        return value.longValue();
    }

    private String where() {
        return name + " line " + lineNumber;
    }

    @Override
    public long bytesRead() {
        return 0;
    }

    @Override
    protected void closeReadSource() throws IOException {
        lines.close();
    }

    @Override
    protected Schema readSchema() {
        return schema;
    }
}
