package dev.plainlance.lance.expr;

import java.util.List;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;

/** SQL type names used by CAST, mapped to and from Arrow types. */
final class SqlTypes {
    private SqlTypes() {}

    static final ArrowType BOOL = ArrowType.Bool.INSTANCE;
    static final ArrowType INT64 = new ArrowType.Int(64, true);
    static final ArrowType FLOAT64 = new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
    static final ArrowType UTF8 = ArrowType.Utf8.INSTANCE;
    static final ArrowType DATE = new ArrowType.Date(DateUnit.DAY);

    /**
     * Resolves a type name (upper case, words joined by single spaces, e.g. "DOUBLE PRECISION",
     * "INT UNSIGNED", "TIMESTAMP WITH TIME ZONE") with its optional numeric arguments.
     *
     * @return the Arrow type, or null if the name is not a supported SQL type
     */
    static ArrowType fromName(String name, List<Integer> args) {
        boolean unsigned = name.endsWith(" UNSIGNED");
        String base = unsigned ? name.substring(0, name.length() - " UNSIGNED".length()) : name;
        switch (base) {
            case "TINYINT":
                return noArgs(args, new ArrowType.Int(8, !unsigned));
            case "SMALLINT":
            case "INT2":
                return noArgs(args, new ArrowType.Int(16, !unsigned));
            case "INT":
            case "INTEGER":
            case "INT4":
                return noArgs(args, new ArrowType.Int(32, !unsigned));
            case "BIGINT":
            case "INT8":
                return noArgs(args, new ArrowType.Int(64, !unsigned));
            default:
                break;
        }
        if (unsigned) {
            return null;
        }
        switch (name) {
            case "BOOLEAN":
            case "BOOL":
                return noArgs(args, BOOL);
            case "FLOAT":
            case "REAL":
            case "FLOAT4":
                return noArgs(args, new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE));
            case "DOUBLE":
            case "DOUBLE PRECISION":
            case "FLOAT8":
                return noArgs(args, FLOAT64);
            case "VARCHAR":
            case "STRING":
            case "TEXT":
            case "CHAR":
            case "CHARACTER":
            case "CHARACTER VARYING":
                return args.size() <= 1 ? UTF8 : null;
            case "BYTEA":
            case "BINARY":
            case "VARBINARY":
            case "BLOB":
                return args.size() <= 1 ? ArrowType.Binary.INSTANCE : null;
            case "DATE":
                return noArgs(args, DATE);
            case "TIMESTAMP":
            case "TIMESTAMP WITH TIME ZONE":
            case "TIMESTAMP WITHOUT TIME ZONE": {
                if (args.size() > 1) {
                    return null;
                }
                TimeUnit unit = TimeUnit.NANOSECOND;
                if (args.size() == 1) {
                    switch (args.get(0)) {
                        case 0:
                            unit = TimeUnit.SECOND;
                            break;
                        case 3:
                            unit = TimeUnit.MILLISECOND;
                            break;
                        case 6:
                            unit = TimeUnit.MICROSECOND;
                            break;
                        case 9:
                            unit = TimeUnit.NANOSECOND;
                            break;
                        default:
                            return null;
                    }
                }
                return new ArrowType.Timestamp(unit, name.equals("TIMESTAMP WITH TIME ZONE") ? "UTC" : null);
            }
            case "DECIMAL":
            case "NUMERIC": {
                if (args.isEmpty()) {
                    return new ArrowType.Decimal(38, 10, 128);
                }
                int p = args.get(0);
                int s = args.size() > 1 ? args.get(1) : 0;
                if (args.size() > 2 || p < 1 || p > 38 || s < 0 || s > p) {
                    return null;
                }
                return new ArrowType.Decimal(p, s, 128);
            }
            default:
                return null;
        }
    }

    private static ArrowType noArgs(List<Integer> args, ArrowType t) {
        return args.isEmpty() ? t : null;
    }

    /** Throws IllegalArgumentException if {@code t} cannot be written by {@link #toSql}. */
    static void checkCastTarget(ArrowType t) {
        if (toSqlOrNull(t) == null) {
            throw new IllegalArgumentException("unsupported CAST target type " + t);
        }
    }

    static String toSql(ArrowType t) {
        String s = toSqlOrNull(t);
        if (s == null) {
            throw new IllegalArgumentException("unsupported CAST target type " + t);
        }
        return s;
    }

    private static String toSqlOrNull(ArrowType t) {
        if (t instanceof ArrowType.Bool) {
            return "BOOLEAN";
        } else if (t instanceof ArrowType.Int i) {
            String base;
            switch (i.getBitWidth()) {
                case 8:
                    base = "TINYINT";
                    break;
                case 16:
                    base = "SMALLINT";
                    break;
                case 32:
                    base = "INT";
                    break;
                case 64:
                    base = "BIGINT";
                    break;
                default:
                    return null;
            }
            return i.getIsSigned() ? base : base + " UNSIGNED";
        } else if (t instanceof ArrowType.FloatingPoint f) {
            switch (f.getPrecision()) {
                case SINGLE:
                    return "FLOAT";
                case DOUBLE:
                    return "DOUBLE";
                default:
                    return null;
            }
        } else if (t instanceof ArrowType.Utf8) {
            return "VARCHAR";
        } else if (t instanceof ArrowType.Binary) {
            return "BYTEA";
        } else if (t instanceof ArrowType.Date d) {
            return d.getUnit() == DateUnit.DAY ? "DATE" : null;
        } else if (t instanceof ArrowType.Timestamp ts) {
            String tz = ts.getTimezone();
            if (tz != null && !tz.equals("UTC")) {
                return null;
            }
            String p;
            switch (ts.getUnit()) {
                case SECOND:
                    p = "(0)";
                    break;
                case MILLISECOND:
                    p = "(3)";
                    break;
                case MICROSECOND:
                    p = "(6)";
                    break;
                default:
                    p = "";
                    break;
            }
            return "TIMESTAMP" + p + (tz == null ? "" : " WITH TIME ZONE");
        } else if (t instanceof ArrowType.Decimal d) {
            if (d.getBitWidth() != 128) {
                return null;
            }
            return "DECIMAL(" + d.getPrecision() + ", " + d.getScale() + ")";
        }
        return null;
    }

    /** Short lower-case type name for messages, e.g. "int32", "utf8", "timestamp[us]". */
    static String describe(ArrowType t) {
        if (t instanceof ArrowType.Int i) {
            return (i.getIsSigned() ? "int" : "uint") + i.getBitWidth();
        } else if (t instanceof ArrowType.FloatingPoint f) {
            switch (f.getPrecision()) {
                case HALF:
                    return "float16";
                case SINGLE:
                    return "float32";
                default:
                    return "float64";
            }
        } else if (t instanceof ArrowType.Timestamp ts) {
            String u;
            switch (ts.getUnit()) {
                case SECOND:
                    u = "s";
                    break;
                case MILLISECOND:
                    u = "ms";
                    break;
                case MICROSECOND:
                    u = "us";
                    break;
                default:
                    u = "ns";
                    break;
            }
            return "timestamp[" + u + (ts.getTimezone() == null ? "" : ", " + ts.getTimezone()) + "]";
        } else if (t instanceof ArrowType.Date d) {
            return d.getUnit() == DateUnit.DAY ? "date32" : "date64";
        } else if (t instanceof ArrowType.Decimal d) {
            return "decimal" + d.getBitWidth() + "(" + d.getPrecision() + ", " + d.getScale() + ")";
        } else if (t instanceof ArrowType.Null) {
            return "null";
        } else if (t instanceof ArrowType.Bool) {
            return "boolean";
        } else if (t instanceof ArrowType.Utf8) {
            return "utf8";
        } else if (t instanceof ArrowType.LargeUtf8) {
            return "large_utf8";
        } else if (t instanceof ArrowType.Binary) {
            return "binary";
        } else if (t instanceof ArrowType.LargeBinary) {
            return "large_binary";
        }
        return t.toString().toLowerCase(java.util.Locale.ROOT);
    }
}
