package dev.plainlance.lance.expr;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.arrow.vector.types.TimeUnit;

/** Date/timestamp text parsing and epoch-unit arithmetic. */
final class Temporals {
    private Temporals() {}

    private static final Pattern DATE = Pattern.compile("(\\d{4})-(\\d{1,2})-(\\d{1,2})");
    private static final Pattern TIMESTAMP =
            Pattern.compile("(\\d{4})-(\\d{1,2})-(\\d{1,2})(?:[T ](\\d{1,2}):(\\d{2})(?::(\\d{2})(?:\\.(\\d{1,9}))?)?)?"
                    + "\\s*(Z|z|[+-]\\d{2}(?::?\\d{2})?)?");

    /** Parses {@code YYYY-MM-DD}; null if malformed or not a valid date. */
    static LocalDate parseDate(String s) {
        Matcher m = DATE.matcher(s.trim());
        if (!m.matches()) {
            return null;
        }
        try {
            return LocalDate.of(
                    Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * Parses {@code YYYY-MM-DD[( |T)HH:MM[:SS[.fffffffff]]][Z|+HH[:MM]]}; a zone offset is applied
     * so the result is UTC; without an offset the value is taken as is (naive = UTC). Null if
     * malformed.
     */
    static LocalDateTime parseTimestamp(String s) {
        Matcher m = TIMESTAMP.matcher(s.trim());
        if (!m.matches()) {
            return null;
        }
        try {
            LocalDate d = LocalDate.of(
                    Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
            LocalTime t = LocalTime.MIDNIGHT;
            if (m.group(4) != null) {
                int nanos = 0;
                if (m.group(7) != null) {
                    String f = (m.group(7) + "000000000").substring(0, 9);
                    nanos = Integer.parseInt(f);
                }
                t = LocalTime.of(
                        Integer.parseInt(m.group(4)),
                        Integer.parseInt(m.group(5)),
                        m.group(6) == null ? 0 : Integer.parseInt(m.group(6)),
                        nanos);
            }
            LocalDateTime ldt = LocalDateTime.of(d, t);
            String zone = m.group(8);
            if (zone != null && !zone.equalsIgnoreCase("Z")) {
                ZoneOffset off = ZoneOffset.of(
                        zone.length() == 5 && zone.indexOf(':') < 0
                                ? zone.substring(0, 3) + ":" + zone.substring(3)
                                : zone);
                ldt = ldt.atOffset(off).withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
            }
            return ldt;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** {@code YYYY-MM-DD<sep>HH:MM:SS[.fff|.ffffff|.fffffffff]}. */
    static String formatTimestamp(LocalDateTime t, char sep) {
        StringBuilder sb = new StringBuilder();
        sb.append(t.toLocalDate()).append(sep);
        sb.append(String.format("%02d:%02d:%02d", t.getHour(), t.getMinute(), t.getSecond()));
        int n = t.getNano();
        if (n != 0) {
            String f = String.format("%09d", n);
            if (n % 1_000_000 == 0) {
                f = f.substring(0, 3);
            } else if (n % 1000 == 0) {
                f = f.substring(0, 6);
            }
            sb.append('.').append(f);
        }
        return sb.toString();
    }

    static long perSecond(TimeUnit u) {
        switch (u) {
            case SECOND:
                return 1L;
            case MILLISECOND:
                return 1_000L;
            case MICROSECOND:
                return 1_000_000L;
            default:
                return 1_000_000_000L;
        }
    }

    /** Finest unit that represents {@code t} exactly (SECOND for whole seconds). */
    static TimeUnit exactUnit(LocalDateTime t) {
        int n = t.getNano();
        if (n == 0) {
            return TimeUnit.SECOND;
        } else if (n % 1_000_000 == 0) {
            return TimeUnit.MILLISECOND;
        } else if (n % 1000 == 0) {
            return TimeUnit.MICROSECOND;
        }
        return TimeUnit.NANOSECOND;
    }

    /** Epoch value of {@code t} (UTC) in {@code unit}, truncated toward negative infinity. */
    static long toEpoch(LocalDateTime t, TimeUnit unit) {
        long sec = t.toEpochSecond(ZoneOffset.UTC);
        long per = perSecond(unit);
        try {
            return Math.addExact(Math.multiplyExact(sec, per), t.getNano() / (1_000_000_000L / per));
        } catch (ArithmeticException e) {
            throw new ExpressionEvaluationException("timestamp " + t + " out of range for unit " + unit);
        }
    }

    static LocalDateTime fromEpoch(long v, TimeUnit unit) {
        long per = perSecond(unit);
        long sec = Math.floorDiv(v, per);
        long rem = Math.floorMod(v, per);
        return LocalDateTime.ofEpochSecond(sec, (int) (rem * (1_000_000_000L / per)), ZoneOffset.UTC);
    }

    /** Converts an epoch value between units (exact when finer, floor when coarser). */
    static long convert(long v, TimeUnit from, TimeUnit to) {
        long f = perSecond(from);
        long t = perSecond(to);
        if (f == t) {
            return v;
        } else if (t > f) {
            try {
                return Math.multiplyExact(v, t / f);
            } catch (ArithmeticException e) {
                throw new ExpressionEvaluationException(
                        "timestamp value " + v + " " + from + " overflows when converted to " + to);
            }
        }
        return Math.floorDiv(v, f / t);
    }

    static TimeUnit finer(TimeUnit a, TimeUnit b) {
        return perSecond(a) >= perSecond(b) ? a : b;
    }
}
