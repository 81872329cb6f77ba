package dev.plainlance.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The {@code --schema} file of JSON Lines input: one column per line, {@code name:type}, with a trailing {@code ?}
 * for a nullable column; blank lines and lines starting with {@code #} are ignored. Types: {@code bool},
 * {@code int8}, {@code int16}, {@code int32}, {@code int64}, {@code float32}, {@code float64}, {@code string},
 * {@code date} (days, JSON {@code "2024-01-31"}) and {@code timestamp} (microseconds, UTC, JSON
 * {@code "2024-01-31T12:00:00Z"}). Example:
 * <pre>
 * id:int64
 * name:string?
 * </pre>
 */
final class ColumnSpecs {
    private static final Map<String, ArrowType> TYPES = Map.of(
            "bool", ArrowType.Bool.INSTANCE,
            "int8", new ArrowType.Int(8, true),
            "int16", new ArrowType.Int(16, true),
            "int32", new ArrowType.Int(32, true),
            "int64", new ArrowType.Int(64, true),
            "float32", new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE),
            "float64", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE),
            "string", ArrowType.Utf8.INSTANCE,
            "date", new ArrowType.Date(DateUnit.DAY),
            "timestamp", new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC"));

    private ColumnSpecs() {}

    /** Reads a schema file; a bad line is reported with its number. */
    static Schema read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("schema file " + file + " does not exist");
        }
        List<String> lines = Files.readAllLines(file);
        List<Field> fields = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            fields.add(parse(line, file + ":" + (i + 1)));
        }
        if (fields.isEmpty()) {
            throw new IllegalArgumentException("schema file " + file + " declares no column");
        }
        return new Schema(fields);
    }

    static Field parse(String line, String where) {
        int colon = line.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException(where + ": '" + line + "' is not name:type");
        }
        String name = line.substring(0, colon).strip();
        String type = line.substring(colon + 1).strip();
        boolean nullable = type.endsWith("?");
        ArrowType arrow = TYPES.get(nullable ? type.substring(0, type.length() - 1) : type);
        if (arrow == null) {
            throw new IllegalArgumentException(where + ": unknown type '" + type + "'; types are "
                    + new java.util.TreeSet<>(TYPES.keySet()) + ", with ? for nullable");
        }
        return new Field(name, new FieldType(nullable, arrow, null), null);
    }
}
