package dev.plainlance.lance.file.write;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * FSST string compression (Boncz, Neumann, Leis: "FSST: Fast Random Access String Compression", VLDB 2020) in the
 * form Lance stores: up to 255 symbols of 1–8 bytes, code 255 escapes one literal byte, and a fixed-size serialized
 * table ({@link #TABLE_SIZE} bytes: header {@code "FSST" << 32 | 1 << 24 | n}, n little-endian symbol words, n
 * lengths, zeros). The table is trained on a sample in five rounds, each keeping the 255 symbols (and concatenations of
 * adjacent symbols) with the largest gain, counted by compressing the sample with the previous round's table.
 * Compression is greedy longest match.
 */
final class FsstEncoder {
    static final int TABLE_SIZE = 8 + 256 * 8 + 256;
    private static final long MAGIC = 0x46535354L << 32;
    private static final int ESCAPE = 255;
    private static final int MAX_SYMBOLS = 255;
    private static final int SAMPLE_BYTES = 1 << 14;
    private static final int ROUNDS = 5;

    private static final int HASH_BITS = 12;

    private final long[] symbols;
    private final int[] lengths;
    /** For each 2-byte prefix (little-endian), the code of its 2-byte symbol, else of its first byte's, else -1. */
    private final int[] shortCodes = new int[1 << 16];
    /** For each byte, the code of its 1-byte symbol, else -1. */
    private final int[] byteCodes = new int[256];
    /** Open-addressing table of symbols of 3+ bytes by their first 3 bytes: prefix and code, -1 when empty. */
    private final int[] hashPrefixes = new int[1 << HASH_BITS];

    private final int[] hashCodes = new int[1 << HASH_BITS];

    private FsstEncoder(long[] symbols, int[] lengths) {
        this.symbols = symbols;
        this.lengths = lengths;
        Arrays.fill(byteCodes, -1);
        Arrays.fill(hashPrefixes, -1);
        for (int code = 0; code < symbols.length; code++) {
            if (lengths[code] == 1) {
                byteCodes[(int) symbols[code]] = code;
            }
        }
        for (int prefix = 0; prefix < shortCodes.length; prefix++) {
            shortCodes[prefix] = byteCodes[prefix & 0xFF];
        }
        Integer[] longestFirst = new Integer[symbols.length];
        Arrays.setAll(longestFirst, i -> i);
        Arrays.sort(longestFirst, (x, y) -> lengths[y] - lengths[x]);
        for (int code : longestFirst) {
            if (lengths[code] == 2) {
                shortCodes[(int) symbols[code]] = code;
            } else if (lengths[code] >= 3) {
                int prefix = (int) (symbols[code] & 0xFFFFFF);
                int slot = slot(prefix);
                while (hashPrefixes[slot] >= 0 && hashPrefixes[slot] != prefix) {
                    slot = (slot + 1) & ((1 << HASH_BITS) - 1);
                }
                if (hashPrefixes[slot] < 0) {
                    hashPrefixes[slot] = prefix;
                    hashCodes[slot] = code;
                }
            }
        }
    }

    private static int slot(int prefix) {
        return (prefix * 0x9E3779B1) >>> (32 - HASH_BITS);
    }

    int symbolCount() {
        return symbols.length;
    }

    /** Trains a table on a sample of the {@code count} strings {@code data[starts[i], starts[i + 1])}. */
    static FsstEncoder train(byte[] data, long[] starts, int count) {
        List<byte[]> sample = sample(data, starts, count);
        FsstEncoder table = new FsstEncoder(new long[0], new int[0]);
        for (int round = 0; round < ROUNDS; round++) {
            table = table.nextRound(sample);
        }
        return table;
    }

    private static List<byte[]> sample(byte[] data, long[] starts, int count) {
        long total = starts[count] - starts[0];
        int stride = (int) Math.max(1, total / SAMPLE_BYTES);
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < count; i += stride) {
            out.add(Arrays.copyOfRange(data, (int) starts[i], (int) starts[i + 1]));
        }
        return out;
    }

    /** Counts symbol and pair use on the sample with this table and keeps the best 255 candidates. */
    private FsstEncoder nextRound(List<byte[]> sample) {
        int codes = symbols.length + 256;
        long[] count1 = new long[codes];
        int[] count2 = new int[codes * codes];
        // the pairs seen, so that only they are visited below (most of count2 stays zero)
        int[] seenPairs = new int[256];
        int seen = 0;
        for (byte[] s : sample) {
            int previous = -1;
            for (int i = 0; i < s.length; ) {
                int code = match(s, i, s.length - i);
                int current = code >= 0 ? code : symbols.length + (s[i] & 0xFF);
                count1[current]++;
                if (previous >= 0) {
                    int pair = previous * codes + current;
                    if (count2[pair]++ == 0) {
                        if (seen == seenPairs.length) {
                            seenPairs = Arrays.copyOf(seenPairs, 2 * seen);
                        }
                        seenPairs[seen++] = pair;
                    }
                }
                previous = current;
                i += code >= 0 ? lengths[code] : 1;
            }
        }
        Arrays.sort(seenPairs, 0, seen);
        List<Map<Long, Long>> gains = new ArrayList<>();
        for (int length = 0; length <= 8; length++) {
            gains.add(new HashMap<>());
        }
        for (int c = 0; c < count1.length; c++) {
            if (count1[c] > 0) {
                gains.get(lengthOf(c)).merge(symbolOf(c), count1[c] * lengthOf(c), Long::sum);
            }
        }
        for (int k = 0; k < seen; k++) {
            int pair = seenPairs[k];
            int a = pair / codes;
            int b = pair % codes;
            int length = lengthOf(a) + lengthOf(b);
            if (length <= 8) {
                long value = symbolOf(a) | (symbolOf(b) << (8 * lengthOf(a)));
                gains.get(length).merge(value, (long) count2[pair] * length, Long::sum);
            }
        }
        List<long[]> candidates = new ArrayList<>();
        for (int length = 1; length <= 8; length++) {
            for (Map.Entry<Long, Long> e : gains.get(length).entrySet()) {
                candidates.add(new long[] {e.getKey(), length, e.getValue()});
            }
        }
        candidates.sort((x, y) -> Long.compare(y[2], x[2]));
        int n = Math.min(MAX_SYMBOLS, candidates.size());
        long[] nextSymbols = new long[n];
        int[] nextLengths = new int[n];
        for (int i = 0; i < n; i++) {
            nextSymbols[i] = candidates.get(i)[0];
            nextLengths[i] = (int) candidates.get(i)[1];
        }
        return new FsstEncoder(nextSymbols, nextLengths);
    }

    private long symbolOf(int code) {
        return code < symbols.length ? symbols[code] : code - symbols.length;
    }

    private int lengthOf(int code) {
        return code < symbols.length ? lengths[code] : 1;
    }

    private static long mask(int length) {
        return length == 8 ? -1L : (1L << (8 * length)) - 1;
    }

    /**
     * The symbol matching {@code s} at {@code at}, or -1: the one of 3+ bytes filed under the next 3 bytes if it
     * matches, else the 2- or 1-byte one. At most one symbol per 3-byte prefix is reachable, as in FSST itself.
     */
    private int match(byte[] s, int at, int remaining) {
        long word = load(s, at, remaining);
        if (remaining >= 3) {
            int prefix = (int) (word & 0xFFFFFF);
            for (int slot = slot(prefix); hashPrefixes[slot] >= 0; slot = (slot + 1) & ((1 << HASH_BITS) - 1)) {
                if (hashPrefixes[slot] == prefix) {
                    int code = hashCodes[slot];
                    int length = lengths[code];
                    if (length <= remaining && (word & mask(length)) == symbols[code]) {
                        return code;
                    }
                    break;
                }
            }
        }
        return remaining >= 2 ? shortCodes[(int) (word & 0xFFFF)] : byteCodes[(int) (word & 0xFF)];
    }

    private static long load(byte[] s, int at, int remaining) {
        if (remaining >= 8) {
            return dev.plainlance.lance.file.codec.Bytes.i64(s, at);
        }
        long word = 0;
        for (int i = 0; i < remaining; i++) {
            word |= (s[at + i] & 0xFFL) << (8 * i);
        }
        return word;
    }

    /** Appends the codes of {@code data[from, to)} to {@code out}. */
    void compress(byte[] data, int from, int to, GrowableBytes out) {
        // at most two code bytes per input byte: reserve once, then write without per-byte checks
        int start = out.grow(2 * (to - from));
        byte[] codes = out.array();
        int at = start;
        for (int i = from; i < to; ) {
            int code = match(data, i, to - i);
            if (code >= 0) {
                codes[at++] = (byte) code;
                i += lengths[code];
            } else {
                codes[at++] = (byte) ESCAPE;
                codes[at++] = data[i];
                i++;
            }
        }
        out.shrink(start + 2 * (to - from) - at);
    }

    /**
     * The table as Lance stores it in the {@code Fsst} encoding: the header, the symbol words, then one length byte
     * per symbol, zero-padded to {@link #TABLE_SIZE} bytes (the size the official reader requires).
     */
    byte[] serialize() {
        ByteBuffer out = ByteBuffer.allocate(TABLE_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(MAGIC | (1L << 24) | symbols.length);
        for (long symbol : symbols) {
            out.putLong(symbol);
        }
        for (int length : lengths) {
            out.put((byte) length);
        }
        return out.array();
    }
}
