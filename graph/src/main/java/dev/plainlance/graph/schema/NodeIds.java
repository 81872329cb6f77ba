package dev.plainlance.graph.schema;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Derives a node's {@code id} from its {@code @key} values, by Omnigraph's rule: each key value is spelled
 * canonically, a one-property key's {@code id} is that spelling, and a composite key's {@code id} is the compact JSON
 * array of the spellings in key order (e.g. {@code ["acme","42"]}), which no value can forge.
 *
 * <p>Canonical spellings: strings and enum values as they are; {@code true}/{@code false}; integers in decimal
 * (unsigned ones as unsigned); {@code Date} as its epoch day and {@code DateTime} as its epoch microsecond (the stored
 * values); floats as the shortest decimal that reads back to the same value at their width, without exponent or a
 * trailing {@code .0}, with both zeros as {@code 0}; NaN and infinities cannot be keys.
 *
 * <p>Values come as Java objects matching the stored Arrow values: {@code String}; {@code Boolean}; {@code Integer}
 * for I32; {@code Long} for I64; {@code Integer} or {@code Long} for U32 and {@code Long} or {@code BigInteger} for U64
 * (a negative {@code Integer}/{@code Long} is read as the unsigned value of the same bits, as Arrow's unsigned vectors
 * return); {@code Float}; {@code Double}; {@code Integer} epoch day or {@code LocalDate}; {@code Long} epoch
 * microsecond or {@code Instant}.
 */
public final class NodeIds {
    private NodeIds() {}

    /** The {@code id} of a node of {@code type} whose key properties have {@code keyValues}, in key order. */
    public static String derive(NodeType type, List<?> keyValues) {
        if (type.key().isEmpty()) {
            throw new InvalidKeyException("node type " + type.name() + " has no @key to derive an id from");
        }
        if (keyValues.size() != type.key().size()) {
            throw new InvalidKeyException(
                    "node type " + type.name() + " has a key of " + type.key().size() + " properties " + type.key()
                            + " but " + keyValues.size() + " values were given");
        }
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < keyValues.size(); i++) {
            String name = type.key().get(i);
            Property p = type.property(name).orElseThrow();
            parts.add(spell(p.type(), keyValues.get(i), type.name() + "." + name));
        }
        return parts.size() == 1 ? parts.get(0) : jsonArray(parts);
    }

    private static String spell(PropertyType type, Object value, String what) {
        if (value == null) {
            throw new InvalidKeyException("key property " + what + " is null; a key needs every value");
        }
        if (type instanceof PropertyType.Enum && value instanceof String s) {
            return s;
        }
        ScalarKind kind = type instanceof PropertyType.Scalar s ? s.kind() : null;
        if (kind != null) {
            switch (kind) {
                case STRING -> {
                    if (value instanceof String s) {
                        return s;
                    }
                }
                case BOOL -> {
                    if (value instanceof Boolean b) {
                        return b.toString();
                    }
                }
                case I32 -> {
                    if (value instanceof Integer n) {
                        return n.toString();
                    }
                }
                case I64 -> {
                    if (value instanceof Long n) {
                        return n.toString();
                    }
                }
                case U32 -> {
                    if (value instanceof Integer n) {
                        return Integer.toUnsignedString(n);
                    }
                    if (value instanceof Long n && n >= 0 && n <= 0xFFFF_FFFFL) {
                        return n.toString();
                    }
                }
                case U64 -> {
                    if (value instanceof Long n) {
                        return Long.toUnsignedString(n);
                    }
                    if (value instanceof BigInteger n && n.signum() >= 0 && n.bitLength() <= 64) {
                        return n.toString();
                    }
                }
                case F32 -> {
                    if (value instanceof Float f) {
                        return finite(f, Float.toString(f), what);
                    }
                }
                case F64 -> {
                    if (value instanceof Double d) {
                        return finite(d, Double.toString(d), what);
                    }
                }
                case DATE -> {
                    if (value instanceof Integer days) {
                        return days.toString();
                    }
                    if (value instanceof LocalDate date) {
                        return Long.toString(date.toEpochDay());
                    }
                }
                case DATETIME -> {
                    if (value instanceof Long micros) {
                        return micros.toString();
                    }
                    if (value instanceof Instant instant) {
                        return Long.toString(ChronoUnit.MICROS.between(Instant.EPOCH, instant));
                    }
                }
                default -> {}
            }
        }
        throw new InvalidKeyException("key property " + what + " of type " + type.toSource()
                + " cannot take a value of Java type " + value.getClass().getSimpleName());
    }

    /** The shortest round-trip digits of a float ({@code javaSpelling} is Java's), without exponent or {@code .0}. */
    private static String finite(double value, String javaSpelling, String what) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            throw new InvalidKeyException("key property " + what + " is " + javaSpelling + "; a key must be finite");
        }
        // BigDecimal has no negative zero, and strips 0.0 to 0: both zeros spell "0".
        return new BigDecimal(javaSpelling).stripTrailingZeros().toPlainString();
    }

    /** Compact JSON array of strings, escaped as serde_json does (control characters as {@code \\u00xx}). */
    static String jsonArray(List<String> parts) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < parts.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append('"');
            for (char c : parts.get(i).toCharArray()) {
                switch (c) {
                    case '"' -> sb.append("\\\"");
                    case '\\' -> sb.append("\\\\");
                    case '\n' -> sb.append("\\n");
                    case '\r' -> sb.append("\\r");
                    case '\t' -> sb.append("\\t");
                    case '\b' -> sb.append("\\b");
                    case '\f' -> sb.append("\\f");
                    default -> {
                        if (c < 0x20) {
                            sb.append(String.format("\\u%04x", (int) c));
                        } else {
                            sb.append(c);
                        }
                    }
                }
            }
            sb.append('"');
        }
        return sb.append(']').toString();
    }
}
