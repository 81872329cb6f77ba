package dev.plainlance.lance.file.write;

import java.lang.ref.SoftReference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

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

    private static final int HASH_BITS = 10;
    private static final int HASH_SLOTS = 1 << HASH_BITS;
    private static final int LONGER = 1 << 12;

    private final long[] symbols;
    private final int[] lengths;
    /**
     * For each 2-byte prefix (little-endian), {@code length << 8 | code} of its 2-byte symbol, else of its first
     * byte's, else 0 (no symbol: escape); plus {@link #LONGER} when a symbol of 3+ bytes in {@link #hashTable} starts
     * with the prefix, so that the others skip the table.
     */
    private final char[] shortCodes = new char[1 << 16];
    /** For each byte, {@code 1 << 8 | code} of its 1-byte symbol, else 0. */
    private final char[] byteCodes = new char[256];
    /**
     * Symbols of 3+ bytes, direct-mapped by a hash of their first 3 bytes, three longs per slot: the symbol word,
     * its mask and {@code length << 8 | code}. A word {@code w} matches slot {@code s} when {@code (w & mask) ==
     * symbol}; an empty slot has mask 0 and symbol 1, so nothing matches it. Of the symbols hashed to one slot only
     * the longest is kept (FSST's lossy hash table); training sees the same table, so it does not count on the
     * others.
     */
    private final long[] hashTable = new long[3 * HASH_SLOTS];

    private FsstEncoder(long[] symbols, int[] lengths) {
        this.symbols = symbols;
        this.lengths = lengths;
        for (int code = 0; code < symbols.length; code++) {
            if (lengths[code] == 1) {
                byteCodes[(int) symbols[code]] = (char) (1 << 8 | code);
            }
        }
        for (int prefix = 0; prefix < shortCodes.length; prefix++) {
            shortCodes[prefix] = byteCodes[prefix & 0xFF];
        }
        for (int slot = 0; slot < HASH_SLOTS; slot++) {
            hashTable[3 * slot] = 1L;
        }
        Integer[] longestFirst = new Integer[symbols.length];
        Arrays.setAll(longestFirst, i -> i);
        Arrays.sort(longestFirst, (x, y) -> lengths[y] - lengths[x]);
        for (int code : longestFirst) {
            if (lengths[code] == 2) {
                int prefix = (int) symbols[code];
                shortCodes[prefix] = (char) (shortCodes[prefix] & LONGER | 2 << 8 | code);
            } else if (lengths[code] >= 3) {
                int slot = 3 * slot((int) (symbols[code] & 0xFFFFFF));
                if (hashTable[slot + 1] == 0) {
                    hashTable[slot] = symbols[code];
                    hashTable[slot + 1] = mask(lengths[code]);
                    hashTable[slot + 2] = (long) lengths[code] << 8 | code;
                    shortCodes[(int) (symbols[code] & 0xFFFF)] |= LONGER;
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
        Counts counts = Counts.forThisThread();
        counts.clear();
        FsstEncoder table = new FsstEncoder(new long[0], new int[0]);
        for (int round = 0; round < ROUNDS; round++) {
            table = table.nextRound(sample, counts);
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

    /**
     * How often each code (symbols, then the 256 single bytes) and each pair of adjacent codes occurred while
     * compressing the sample; kept across rounds and cleared where it was used.
     */
    private static final class Counts {
        static final int CODES = MAX_SYMBOLS + 256;
        final long[] single = new long[CODES];
        final int[] pairs = new int[CODES * CODES];
        /** The pairs counted, so that only they are visited and cleared (most of {@link #pairs} stays zero). */
        int[] seen = new int[256];

        int seenCount;

        /** Counts of about 1 MiB are kept per thread (softly), as training leaves them cleared. */
        private static final ThreadLocal<SoftReference<Counts>> KEPT = new ThreadLocal<>();

        static Counts forThisThread() {
            SoftReference<Counts> ref = KEPT.get();
            Counts counts = ref == null ? null : ref.get();
            if (counts == null) {
                counts = new Counts();
                KEPT.set(new SoftReference<>(counts));
            }
            return counts;
        }

        void clear() {
            Arrays.fill(single, 0);
            for (int k = 0; k < seenCount; k++) {
                pairs[seen[k]] = 0;
            }
            seenCount = 0;
        }
    }

    /** Counts symbol and pair use on the sample with this table and keeps the best 255 candidates. */
    private FsstEncoder nextRound(List<byte[]> sample, Counts counts) {
        int codes = Counts.CODES;
        long[] count1 = counts.single;
        int[] count2 = counts.pairs;
        for (byte[] s : sample) {
            int previous = -1;
            for (int i = 0; i < s.length; ) {
                int entry = entry(s, i, s.length);
                int current = entry != 0 ? entry & 0xFF : symbols.length + (s[i] & 0xFF);
                count1[current]++;
                if (previous >= 0) {
                    int pair = previous * codes + current;
                    if (count2[pair]++ == 0) {
                        if (counts.seenCount == counts.seen.length) {
                            counts.seen = Arrays.copyOf(counts.seen, 2 * counts.seenCount);
                        }
                        counts.seen[counts.seenCount++] = pair;
                    }
                }
                previous = current;
                i += entry != 0 ? entry >>> 8 : 1;
            }
        }
        Arrays.sort(counts.seen, 0, counts.seenCount);
        Candidates gains = new Candidates(symbols.length + 256 + counts.seenCount);
        for (int c = 0; c < symbols.length + 256; c++) {
            if (count1[c] > 0) {
                gains.add(symbolOf(c), lengthOf(c), count1[c] * lengthOf(c));
            }
        }
        for (int k = 0; k < counts.seenCount; k++) {
            int pair = counts.seen[k];
            int a = pair / codes;
            int b = pair % codes;
            int length = lengthOf(a) + lengthOf(b);
            if (length <= 8) {
                long value = symbolOf(a) | (symbolOf(b) << (8 * lengthOf(a)));
                gains.add(value, length, (long) count2[pair] * length);
            }
        }
        counts.clear();
        return gains.best(MAX_SYMBOLS);
    }

    /** Candidate symbols (word and length) with their summed gains, in an open-addressing table. */
    private static final class Candidates {
        private final long[] words;
        private final int[] lengths;
        private final long[] gains;
        private final int[] order;
        private int size;

        Candidates(int capacity) {
            int slots = Integer.highestOneBit(Math.max(16, 2 * capacity)) << 1;
            words = new long[slots];
            lengths = new int[slots];
            gains = new long[slots];
            order = new int[slots];
        }

        void add(long word, int length, long gain) {
            int mask = words.length - 1;
            int slot = (int) ((word * 0x9E3779B97F4A7C15L + length) >>> 40) & mask;
            while (lengths[slot] != 0 && (lengths[slot] != length || words[slot] != word)) {
                slot = (slot + 1) & mask;
            }
            if (lengths[slot] == 0) {
                words[slot] = word;
                lengths[slot] = length;
                order[size++] = slot;
            }
            gains[slot] += gain;
        }

        /**
         * The {@code limit} candidates of the largest gains (ties: the one added first), as a table; gains fit in
         * 40 bits (a sample of 16 KiB gains at most 8 per byte), so each sorts as one long.
         */
        FsstEncoder best(int limit) {
            long[] ranked = new long[size];
            for (int k = 0; k < size; k++) {
                ranked[k] = (-gains[order[k]] << 20) | k;
            }
            Arrays.sort(ranked);
            int n = Math.min(limit, size);
            long[] symbols = new long[n];
            int[] symbolLengths = new int[n];
            for (int i = 0; i < n; i++) {
                int slot = order[(int) (ranked[i] & 0xFFFFF)];
                symbols[i] = words[slot];
                symbolLengths[i] = lengths[slot];
            }
            return new FsstEncoder(symbols, symbolLengths);
        }
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
     * {@code length << 8 | code} of the longest symbol matching {@code data[at, to)} at its start, or 0: the one of
     * 3+ bytes in the slot of the next 3 bytes if it matches, else the 2- or 1-byte one. The next 8 bytes are loaded
     * at once (from a copy only at the array's end), and those past {@code to} are masked off; a symbol that matched
     * the zeros of the mask is too long, which only a symbol holding zero bytes can be, and the next shorter one
     * is taken.
     */
    private int entry(byte[] data, int at, int to) {
        int remaining = to - at;
        long word = at + 8 <= data.length ? dev.plainlance.lance.file.codec.Bytes.i64(data, at) : tail(data, at);
        word &= -1L >>> (Math.max(0, 8 - remaining) << 3);
        int entry = shortCodes[(int) (word & 0xFFFF)];
        if ((entry & LONGER) != 0) {
            int slot = 3 * slot((int) (word & 0xFFFFFF));
            entry = (word & hashTable[slot + 1]) == hashTable[slot] ? (int) hashTable[slot + 2] : entry & ~LONGER;
        }
        if (entry >>> 8 > remaining) {
            entry = remaining >= 2 ? shortCodes[(int) (word & 0xFFFF)] & ~LONGER : byteCodes[(int) (word & 0xFF)];
        }
        return entry;
    }

    /** The last (fewer than 8) bytes of {@code data} from {@code at}, as a little-endian word. */
    private static long tail(byte[] data, int at) {
        long word = 0;
        for (int i = at; i < data.length; i++) {
            word |= (data[i] & 0xFFL) << (8 * (i - at));
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
            int entry = entry(data, i, to);
            if (entry != 0) {
                codes[at++] = (byte) entry;
                i += entry >>> 8;
            } else {
                codes[at++] = (byte) ESCAPE;
                codes[at++] = data[i++];
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
