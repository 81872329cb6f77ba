package dev.plainlance.catalog;

import java.time.Clock;
import java.util.Random;

/**
 * Generates ULIDs: 26 Crockford base-32 characters, 48 bits of milliseconds then 80 random bits, so that the
 * string order is the creation order. Ids made in the same millisecond by one generator increase strictly.
 * The clock and the random source are injected, so tests get reproducible ids.
 */
public final class Ulid {
    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();

    private final Clock clock;
    private final Random random;
    private long lastMillis = -1;
    private long randomHigh;
    private long randomLow;

    public Ulid(Clock clock, Random random) {
        this.clock = clock;
        this.random = random;
    }

    /** A generator on the system clock with a secure random source. */
    public static Ulid system() {
        return new Ulid(Clock.systemUTC(), new java.security.SecureRandom());
    }

    /** The next id. */
    public synchronized String next() {
        long millis = clock.millis();
        if (millis <= lastMillis) {
            millis = lastMillis;
            randomLow = (randomLow + 1) & 0xFF_FFFF_FFFFL;
            if (randomLow == 0) {
                randomHigh = (randomHigh + 1) & 0xFF_FFFF_FFFFL;
            }
        } else {
            lastMillis = millis;
            randomHigh = random.nextLong() & 0xFF_FFFF_FFFFL;
            randomLow = random.nextLong() & 0xFF_FFFF_FFFFL;
        }
        char[] out = new char[26];
        encode(millis, 10, out, 0);
        encode(randomHigh, 8, out, 10);
        encode(randomLow, 8, out, 18);
        return new String(out);
    }

    /** Whether {@code text} is a well-formed ULID. */
    public static boolean isValid(String text) {
        if (text == null || text.length() != 26 || text.charAt(0) > '7') {
            return false;
        }
        for (int i = 0; i < 26; i++) {
            if (new String(ALPHABET).indexOf(text.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }

    private static void encode(long value, int chars, char[] out, int offset) {
        for (int i = chars - 1; i >= 0; i--) {
            out[offset + i] = ALPHABET[(int) (value & 31)];
            value >>>= 5;
        }
    }
}
