package dev.plainlance.graph;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.plainlance.graph.schema.Property;
import dev.plainlance.graph.schema.PropertyType;
import dev.plainlance.graph.schema.ScalarKind;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.LargeVarBinaryVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.UInt4Vector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.ListVector;

/**
 * Property values in their three forms: JSON (the loader's and export's), Java (the API's) and Arrow (stored).
 *
 * <p>Java forms: {@code String} (also enums); {@code Boolean}; {@code Integer} (I32); {@code Long} (I64, U32, and
 * U64 as its unsigned bits); {@code Float}; {@code Double}; {@code LocalDate}; {@code Instant} (microsecond
 * precision); {@code byte[]} (Blob); {@code List<Float>} (Vector); {@code List<Object>} of the element's form (lists).
 */
final class GraphValues {
    private static final BigInteger U64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private GraphValues() {}

    /** A value that does not fit its property; the message says why, without naming the property. */
    static final class BadValue extends Exception {
        private static final long serialVersionUID = 1L;

        BadValue(String message) {
            super(message, null, false, false);
        }
    }

    // ---- JSON to Java

    /** The Java form of {@code json} for {@code p} (null for JSON null or a missing value). */
    static Object fromJson(JsonNode json, Property p) throws BadValue {
        if (json == null || json.isNull() || json.isMissingNode()) {
            return null;
        }
        PropertyType type = p.type();
        if (type instanceof PropertyType.Enum e) {
            String s = text(json, "an enum value");
            if (!e.values().contains(s)) {
                throw new BadValue("\"" + s + "\" is not one of " + e.values());
            }
            return s;
        }
        if (type instanceof PropertyType.Vector v) {
            if (!json.isArray() || json.size() != v.dimension()) {
                throw new BadValue("expected an array of " + v.dimension() + " numbers");
            }
            List<Object> out = new ArrayList<>();
            for (JsonNode item : json) {
                out.add(scalarFromJson(item, ScalarKind.F32));
            }
            return out;
        }
        if (type instanceof PropertyType.ListOf l) {
            if (!json.isArray()) {
                throw new BadValue("expected an array of " + l.element().sourceName());
            }
            List<Object> out = new ArrayList<>();
            for (JsonNode item : json) {
                out.add(item.isNull() ? null : scalarFromJson(item, l.element()));
            }
            return out;
        }
        return scalarFromJson(json, ((PropertyType.Scalar) type).kind());
    }

    private static Object scalarFromJson(JsonNode json, ScalarKind kind) throws BadValue {
        switch (kind) {
            case STRING:
                return text(json, "a string");
            case BOOL:
                if (!json.isBoolean()) {
                    throw new BadValue("expected true or false, got " + json);
                }
                return json.booleanValue();
            case I32:
                return (int)
                        integral(json, BigInteger.valueOf(Integer.MIN_VALUE), BigInteger.valueOf(Integer.MAX_VALUE));
            case I64:
                return integral(json, BigInteger.valueOf(Long.MIN_VALUE), BigInteger.valueOf(Long.MAX_VALUE));
            case U32:
                return integral(json, BigInteger.ZERO, BigInteger.valueOf(0xFFFF_FFFFL));
            case U64:
                return integral(json, BigInteger.ZERO, U64_MAX);
            case F32:
                return (float) number(json);
            case F64:
                return number(json);
            case DATE:
                try {
                    return date(text(json, "a date like 2024-01-31"));
                } catch (DateTimeParseException e) {
                    throw new BadValue("expected a date like 2024-01-31, got " + json);
                }
            case DATETIME:
                return instant(text(json, "a date-time like 2024-01-31T12:00:00Z"));
            case BLOB:
                try {
                    return Base64.getDecoder().decode(text(json, "base64 bytes"));
                } catch (IllegalArgumentException e) {
                    throw new BadValue("expected base64 bytes: " + e.getMessage());
                }
            default:
                throw new IllegalStateException("unknown scalar " + kind);
        }
    }

    /** {@code yyyy-mm-dd}, read directly in the common case (the JDK's parser is slow for bulk loads). */
    static LocalDate date(String text) {
        if (text.length() == 10 && text.charAt(4) == '-' && text.charAt(7) == '-') {
            int y = digits(text, 0, 4);
            int m = digits(text, 5, 7);
            int d = digits(text, 8, 10);
            if (y >= 0 && m >= 0 && d >= 0) {
                try {
                    return LocalDate.of(y, m, d);
                } catch (java.time.DateTimeException e) {
                    throw new DateTimeParseException(e.getMessage(), text, 0);
                }
            }
        }
        return LocalDate.parse(text);
    }

    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static String text(JsonNode json, String expected) throws BadValue {
        if (!json.isTextual()) {
            throw new BadValue("expected " + expected + ", got " + json);
        }
        return json.textValue();
    }

    private static long integral(JsonNode json, BigInteger min, BigInteger max) throws BadValue {
        if (!json.isIntegralNumber()) {
            throw new BadValue("expected an integer, got " + json);
        }
        BigInteger value = json.bigIntegerValue();
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new BadValue(value + " is outside " + min + ".." + max);
        }
        return value.longValue();
    }

    private static double number(JsonNode json) throws BadValue {
        if (!json.isNumber()) {
            throw new BadValue("expected a number, got " + json);
        }
        return json.doubleValue();
    }

    private static Instant instant(String text) throws BadValue {
        try {
            return OffsetDateTime.parse(text).toInstant().truncatedTo(ChronoUnit.MICROS);
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
            } catch (DateTimeParseException again) {
                throw new BadValue("expected a date-time like 2024-01-31T12:00:00Z, got \"" + text + "\"");
            }
        }
    }

    // ---- Java API values to the Java form

    /** {@code value} (as an API caller gave it) in the Java form of {@code p}. */
    static Object normalize(Object value, Property p) throws BadValue {
        if (value == null) {
            return null;
        }
        PropertyType type = p.type();
        if (type instanceof PropertyType.Enum e) {
            if (!(value instanceof String s) || !e.values().contains(s)) {
                throw new BadValue(describe(value) + " is not one of " + e.values());
            }
            return s;
        }
        if (type instanceof PropertyType.Vector v) {
            List<Object> out = list(value);
            if (out.size() != v.dimension()) {
                throw new BadValue("expected " + v.dimension() + " values, got " + out.size());
            }
            for (int i = 0; i < out.size(); i++) {
                out.set(i, scalar(out.get(i), ScalarKind.F32));
            }
            return out;
        }
        if (type instanceof PropertyType.ListOf l) {
            List<Object> out = list(value);
            for (int i = 0; i < out.size(); i++) {
                out.set(i, out.get(i) == null ? null : scalar(out.get(i), l.element()));
            }
            return out;
        }
        return scalar(value, ((PropertyType.Scalar) type).kind());
    }

    private static List<Object> list(Object value) throws BadValue {
        if (value instanceof List<?> l) {
            return new ArrayList<>(l);
        }
        if (value instanceof float[] f) {
            List<Object> out = new ArrayList<>();
            for (float x : f) {
                out.add(x);
            }
            return out;
        }
        throw new BadValue("expected a list, got " + describe(value));
    }

    private static Object scalar(Object value, ScalarKind kind) throws BadValue {
        switch (kind) {
            case STRING:
                if (value instanceof String) {
                    return value;
                }
                break;
            case BOOL:
                if (value instanceof Boolean) {
                    return value;
                }
                break;
            case I32:
                if (isInteger(value)) {
                    return (int) inRange(
                            value, BigInteger.valueOf(Integer.MIN_VALUE), BigInteger.valueOf(Integer.MAX_VALUE));
                }
                break;
            case I64:
                if (isInteger(value)) {
                    return inRange(value, BigInteger.valueOf(Long.MIN_VALUE), BigInteger.valueOf(Long.MAX_VALUE));
                }
                break;
            case U32:
                if (isInteger(value)) {
                    return inRange(value, BigInteger.ZERO, BigInteger.valueOf(0xFFFF_FFFFL));
                }
                break;
            case U64:
                if (value instanceof Long bits) {
                    return bits; // the Java form: the unsigned value's bits, as stored and read back
                }
                if (isInteger(value)) {
                    return inRange(value, BigInteger.ZERO, U64_MAX);
                }
                break;
            case F32:
                if (value instanceof Number n) {
                    return n.floatValue();
                }
                break;
            case F64:
                if (value instanceof Number n) {
                    return n.doubleValue();
                }
                break;
            case DATE:
                if (value instanceof LocalDate) {
                    return value;
                }
                if (value instanceof String s) {
                    try {
                        return LocalDate.parse(s);
                    } catch (DateTimeParseException e) {
                        throw new BadValue("expected a date like 2024-01-31, got \"" + s + "\"");
                    }
                }
                break;
            case DATETIME:
                if (value instanceof Instant i) {
                    return i.truncatedTo(ChronoUnit.MICROS);
                }
                if (value instanceof String s) {
                    return instant(s);
                }
                break;
            case BLOB:
                if (value instanceof byte[]) {
                    return value;
                }
                break;
            default:
                break;
        }
        throw new BadValue("expected " + kind.sourceName() + ", got " + describe(value));
    }

    private static boolean isInteger(Object value) {
        return value instanceof Integer
                || value instanceof Long
                || value instanceof Short
                || value instanceof Byte
                || value instanceof BigInteger;
    }

    private static long inRange(Object value, BigInteger min, BigInteger max) throws BadValue {
        BigInteger v = value instanceof BigInteger b ? b : BigInteger.valueOf(((Number) value).longValue());
        if (v.compareTo(min) < 0 || v.compareTo(max) > 0) {
            throw new BadValue(v + " is outside " + min + ".." + max);
        }
        return v.longValue();
    }

    private static String describe(Object value) {
        return value.getClass().getSimpleName() + " " + value;
    }

    // ---- constraints

    /** Why {@code value} (Java form, not null) breaks {@code p}'s {@code @range} or {@code @check}; null if not. */
    static String constraintProblem(Object value, Property p) {
        if (p.range() != null && value instanceof Number) {
            BigDecimal v = decimal(value, p.type());
            if (p.range().min() != null && v.compareTo(p.range().min()) < 0
                    || p.range().max() != null && v.compareTo(p.range().max()) > 0) {
                return "@range(" + p.range().toSource() + ") refuses " + v.toPlainString();
            }
        }
        if (p.check() != null
                && value instanceof String s
                && !pattern(p.check()).matcher(s).matches()) {
            return "@check(\"" + p.check() + "\") refuses \"" + s + "\"";
        }
        return null;
    }

    private static final Map<String, Pattern> PATTERNS = new java.util.concurrent.ConcurrentHashMap<>();

    private static Pattern pattern(String regex) {
        return PATTERNS.computeIfAbsent(regex, Pattern::compile);
    }

    private static BigDecimal decimal(Object value, PropertyType type) {
        if (value instanceof Float f) {
            return new BigDecimal(Float.toString(f));
        }
        if (value instanceof Double d) {
            return BigDecimal.valueOf(d);
        }
        long l = ((Number) value).longValue();
        if (type instanceof PropertyType.Scalar s && s.kind() == ScalarKind.U64 && l < 0) {
            return new BigDecimal(new BigInteger(Long.toUnsignedString(l)));
        }
        return BigDecimal.valueOf(l);
    }

    // ---- Java to Arrow and back

    /** Sets row {@code row} of {@code vector} (the stored form of {@code type}) to the Java value (null allowed). */
    static void set(FieldVector vector, int row, Object value, PropertyType type) {
        if (value == null) {
            if (vector instanceof ListVector || vector instanceof FixedSizeListVector) {
                ensure(vector, row);
            }
            vector.setNull(row);
            return;
        }
        if (type instanceof PropertyType.ListOf l) {
            ListVector list = (ListVector) vector;
            List<?> items = (List<?>) value;
            int start = list.startNewValue(row);
            FieldVector child = (FieldVector) list.getDataVector();
            for (int i = 0; i < items.size(); i++) {
                setScalar(child, start + i, items.get(i), l.element());
            }
            list.endValue(row, items.size());
            return;
        }
        if (type instanceof PropertyType.Vector v) {
            FixedSizeListVector list = (FixedSizeListVector) vector;
            int start = list.startNewValue(row);
            FieldVector child = (FieldVector) list.getDataVector();
            List<?> items = (List<?>) value;
            for (int i = 0; i < v.dimension(); i++) {
                setScalar(child, start + i, items.get(i), ScalarKind.F32);
            }
            return;
        }
        ScalarKind kind = type instanceof PropertyType.Scalar s ? s.kind() : ScalarKind.STRING;
        setScalar(vector, row, value, kind);
    }

    private static void ensure(FieldVector vector, int row) {
        while (vector.getValueCapacity() <= row) {
            vector.reAlloc();
        }
    }

    private static void setScalar(FieldVector vector, int row, Object value, ScalarKind kind) {
        if (value == null) {
            ensure(vector, row);
            vector.setNull(row);
            return;
        }
        switch (kind) {
            case STRING -> ((VarCharVector) vector).setSafe(row, ((String) value).getBytes(StandardCharsets.UTF_8));
            case BOOL -> ((BitVector) vector).setSafe(row, (Boolean) value ? 1 : 0);
            case I32 -> ((IntVector) vector).setSafe(row, (Integer) value);
            case I64 -> ((BigIntVector) vector).setSafe(row, (Long) value);
            case U32 -> ((UInt4Vector) vector).setSafe(row, (int) (long) (Long) value);
            case U64 -> ((UInt8Vector) vector).setSafe(row, (Long) value);
            case F32 -> ((Float4Vector) vector).setSafe(row, (Float) value);
            case F64 -> ((Float8Vector) vector).setSafe(row, (Double) value);
            case DATE -> ((DateDayVector) vector).setSafe(row, (int) ((LocalDate) value).toEpochDay());
            case DATETIME -> ((TimeStampMicroTZVector) vector).setSafe(row, micros((Instant) value));
            case BLOB -> ((LargeVarBinaryVector) vector).setSafe(row, (byte[]) value);
        }
    }

    static long micros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1000);
    }

    /** The Java form of row {@code row} of {@code vector}, stored as {@code type}; null for a null. */
    static Object get(FieldVector vector, int row, PropertyType type) {
        if (vector.isNull(row)) {
            return null;
        }
        if (type instanceof PropertyType.ListOf l) {
            ListVector list = (ListVector) vector;
            FieldVector child = (FieldVector) list.getDataVector();
            int start = list.getElementStartIndex(row);
            int end = list.getElementEndIndex(row);
            List<Object> out = new ArrayList<>(end - start);
            for (int i = start; i < end; i++) {
                out.add(getScalar(child, i, l.element()));
            }
            return out;
        }
        if (type instanceof PropertyType.Vector v) {
            FixedSizeListVector list = (FixedSizeListVector) vector;
            FieldVector child = (FieldVector) list.getDataVector();
            List<Object> out = new ArrayList<>(v.dimension());
            for (int i = 0; i < v.dimension(); i++) {
                out.add(getScalar(child, row * v.dimension() + i, ScalarKind.F32));
            }
            return out;
        }
        return getScalar(vector, row, type instanceof PropertyType.Scalar s ? s.kind() : ScalarKind.STRING);
    }

    private static Object getScalar(FieldVector vector, int row, ScalarKind kind) {
        if (vector.isNull(row)) {
            return null;
        }
        return switch (kind) {
            case STRING -> new String(((VarCharVector) vector).get(row), StandardCharsets.UTF_8);
            case BOOL -> ((BitVector) vector).get(row) != 0;
            case I32 -> ((IntVector) vector).get(row);
            case I64 -> ((BigIntVector) vector).get(row);
            case U32 -> Integer.toUnsignedLong(((UInt4Vector) vector).get(row));
            case U64 -> ((UInt8Vector) vector).get(row);
            case F32 -> ((Float4Vector) vector).get(row);
            case F64 -> ((Float8Vector) vector).get(row);
            case DATE -> LocalDate.ofEpochDay(((DateDayVector) vector).get(row));
            case DATETIME -> {
                long micros = ((TimeStampMicroTZVector) vector).get(row);
                yield Instant.ofEpochSecond(
                        Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000);
            }
            case BLOB -> ((LargeVarBinaryVector) vector).get(row);
        };
    }

    // ---- Java to JSON

    /** The JSON form of a Java value of {@code type} (the loader reads it back to the same value). */
    static JsonNode toJson(Object value, PropertyType type) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (value == null) {
            return f.nullNode();
        }
        if (type instanceof PropertyType.ListOf l) {
            ArrayNode out = f.arrayNode();
            for (Object item : (List<?>) value) {
                out.add(item == null ? f.nullNode() : scalarJson(item, l.element()));
            }
            return out;
        }
        if (type instanceof PropertyType.Vector) {
            ArrayNode out = f.arrayNode();
            for (Object item : (List<?>) value) {
                out.add(scalarJson(item, ScalarKind.F32));
            }
            return out;
        }
        return scalarJson(value, type instanceof PropertyType.Scalar s ? s.kind() : ScalarKind.STRING);
    }

    private static JsonNode scalarJson(Object value, ScalarKind kind) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        return switch (kind) {
            case STRING -> f.textNode((String) value);
            case BOOL -> f.booleanNode((Boolean) value);
            case I32 -> f.numberNode((Integer) value);
            case I64, U32 -> f.numberNode((Long) value);
            case U64 -> f.numberNode(new BigInteger(Long.toUnsignedString((Long) value)));
            case F32 -> f.numberNode((Float) value);
            case F64 -> f.numberNode((Double) value);
            case DATE -> f.textNode(value.toString());
            case DATETIME -> f.textNode(value.toString());
            case BLOB -> f.textNode(Base64.getEncoder().encodeToString((byte[]) value));
        };
    }

    /** Value equality of Java forms ({@code byte[]} by content). */
    static boolean equal(Object a, Object b) {
        if (a instanceof byte[] x && b instanceof byte[] y) {
            return Arrays.equals(x, y);
        }
        return Objects.equals(a, b);
    }
}
