package dev.plainlance.lance.file.write;

import java.lang.ref.SoftReference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

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
    private final char[] shortCodes;
    /** For each byte, {@code 1 << 8 | code} of its 1-byte symbol, else 0. */
    private final char[] byteCodes = new char[256];
    /**
     * Symbols of 3+ bytes, direct-mapped by a hash of their first 3 bytes, three longs per slot: the symbol word,
     * its mask and {@code length << 8 | code}. A word {@code w} matches slot {@code s} when {@code (w & mask) ==
     * symbol}; an empty slot has mask 0 and symbol 1, so nothing matches it. Of the symbols hashed to one slot only
     * the longest is kept (FSST's lossy hash table); training sees the same table, so it does not count on the
     * others.
     */
    private final long[] hashTable;

    /** A table over {@code shortCodes} and {@code hashTable}, which it overwrites whatever they held. */
    private FsstEncoder(long[] symbols, int[] lengths, char[] shortCodes, long[] hashTable) {
        this.symbols = symbols;
        this.lengths = lengths;
        this.shortCodes = shortCodes;
        this.hashTable = hashTable;
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
            hashTable[3 * slot + 1] = 0L;
            hashTable[3 * slot + 2] = 0L;
        }
        // longest first, ties in code order, so that of the symbols sharing a slot the longest is kept
        for (int length = 8; length >= 2; length--) {
            for (int code = 0; code < symbols.length; code++) {
                if (lengths[code] == length) {
                    addLonger(code);
                }
            }
        }
    }

    /** Enters a symbol of 2+ bytes: in {@link #shortCodes} if 2 bytes, else in its hash slot if still free. */
    private void addLonger(int code) {
        if (lengths[code] == 2) {
            int prefix = (int) symbols[code];
            shortCodes[prefix] = (char) (shortCodes[prefix] & LONGER | 2 << 8 | code);
            return;
        }
        int slot = 3 * slot((int) (symbols[code] & 0xFFFFFF));
        if (hashTable[slot + 1] == 0) {
            hashTable[slot] = symbols[code];
            hashTable[slot + 1] = mask(lengths[code]);
            hashTable[slot + 2] = (long) lengths[code] << 8 | code;
            shortCodes[(int) (symbols[code] & 0xFFFF)] |= LONGER;
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
        Sample sample = Sample.of(data, starts, count);
        Counts counts = Counts.forThisThread();
        counts.clear();
        FsstEncoder table = new FsstEncoder(new long[0], new int[0], counts.shortCodes, counts.hashTable);
        for (int round = 0; round < ROUNDS; round++) {
            table = table.nextRound(sample, counts, round == ROUNDS - 1);
        }
        return table;
    }

    /**
     * Every stride-th string, so that about {@link #SAMPLE_BYTES} are taken, one after another in {@code bytes}
     * (followed by 8 zero bytes, so that words load whole) with their end offsets.
     */
    private record Sample(byte[] bytes, int[] ends) {
        static Sample of(byte[] data, long[] starts, int count) {
            long total = starts[count] - starts[0];
            int stride = (int) Math.max(1, total / SAMPLE_BYTES);
            int taken = (count + stride - 1) / stride;
            int[] ends = new int[taken];
            long size = 0;
            for (int k = 0; k < taken; k++) {
                size += starts[k * stride + 1] - starts[k * stride];
            }
            byte[] bytes = new byte[Math.toIntExact(size + 8)];
            int at = 0;
            for (int k = 0; k < taken; k++) {
                int from = (int) starts[k * stride];
                int length = (int) starts[k * stride + 1] - from;
                System.arraycopy(data, from, bytes, at, length);
                at += length;
                ends[k] = at;
            }
            return new Sample(bytes, ends);
        }
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
        /** The arrays of the tables of the rounds before the last, which are dropped once the next is built. */
        final char[] shortCodes = new char[1 << 16];

        final long[] hashTable = new long[3 * HASH_SLOTS];

        final Candidates candidates = new Candidates();

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

    /**
     * Counts symbol and pair use on the sample with this table and keeps the best 255 candidates. The next table
     * takes the arrays of {@code counts} (this table's own, before the last round), so this one must not be used
     * after; the last round's table has arrays of its own.
     */
    private FsstEncoder nextRound(Sample sample, Counts counts, boolean last) {
        int codes = Counts.CODES;
        long[] count1 = counts.single;
        int[] count2 = counts.pairs;
        byte[] s = sample.bytes();
        int start = 0;
        for (int end : sample.ends()) {
            int previous = -1;
            for (int i = start; i < end; ) {
                int entry = entry(s, i, end);
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
            start = end;
        }
        Arrays.sort(counts.seen, 0, counts.seenCount);
        Candidates gains = counts.candidates.reset(symbols.length + 256 + counts.seenCount);
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
        return last
                ? gains.best(MAX_SYMBOLS, new char[1 << 16], new long[3 * HASH_SLOTS])
                : gains.best(MAX_SYMBOLS, counts.shortCodes, counts.hashTable);
    }

    /**
     * Candidate symbols (word and length) with their summed gains, in an open-addressing table; reused from round to
     * round (see {@link #reset}).
     */
    private static final class Candidates {
        private long[] words = new long[0];
        private int[] lengths = new int[0];
        private long[] gains = new long[0];
        private int[] order = new int[0];
        private long[] ranked = new long[0];
        private int size;

        /** Empties the table and makes room for {@code capacity} candidates. */
        Candidates reset(int capacity) {
            int slots = Integer.highestOneBit(Math.max(16, 2 * capacity)) << 1;
            if (slots > words.length) {
                words = new long[slots];
                lengths = new int[slots];
                gains = new long[slots];
                order = new int[slots];
                ranked = new long[slots];
            } else {
                for (int k = 0; k < size; k++) {
                    lengths[order[k]] = 0;
                    gains[order[k]] = 0;
                }
            }
            size = 0;
            return this;
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
        FsstEncoder best(int limit, char[] shortCodes, long[] hashTable) {
            for (int k = 0; k < size; k++) {
                ranked[k] = (-gains[order[k]] << 20) | k;
            }
            int n = Math.min(limit, size);
            smallestFirst(ranked, size, n);
            long[] symbols = new long[n];
            int[] symbolLengths = new int[n];
            for (int i = 0; i < n; i++) {
                int slot = order[(int) (ranked[i] & 0xFFFFF)];
                symbols[i] = words[slot];
                symbolLengths[i] = lengths[slot];
            }
            return new FsstEncoder(symbols, symbolLengths, shortCodes, hashTable);
        }
    }

    /** Moves the {@code n} smallest of the first {@code size} (distinct) values to the front, in ascending order. */
    static void smallestFirst(long[] values, int size, int n) {
        if (size <= 4 * n) {
            Arrays.sort(values, 0, size);
            return;
        }
        // a max-heap of the n smallest so far in values[0, n)
        for (int i = n / 2 - 1; i >= 0; i--) {
            siftDown(values, i, n);
        }
        for (int i = n; i < size; i++) {
            if (values[i] < values[0]) {
                values[0] = values[i];
                siftDown(values, 0, n);
            }
        }
        Arrays.sort(values, 0, n);
    }

    private static void siftDown(long[] heap, int at, int n) {
        long value = heap[at];
        while (true) {
            int child = 2 * at + 1;
            if (child >= n) {
                break;
            }
            if (child + 1 < n && heap[child + 1] > heap[child]) {
                child++;
            }
            if (heap[child] <= value) {
                break;
            }
            heap[at] = heap[child];
            at = child;
        }
        heap[at] = value;
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

    /**
     * Appends the codes of each of the {@code count} strings {@code data[starts[i], starts[i + 1])} to {@code out},
     * and sets {@code outStarts[i]} to where they start there ({@code outStarts[count]} to the end).
     */
    void compressAll(byte[] data, long[] starts, int count, GrowableBytes out, long[] outStarts) {
        long raw = starts[count] - starts[0];
        // at most two code bytes per input byte: reserve once, then write without per-byte checks
        int start = out.grow(Math.toIntExact(2 * raw));
        byte[] codes = out.array();
        int at = start;
        for (int s = 0; s < count; s++) {
            outStarts[s] = at;
            at = compress(data, (int) starts[s], (int) starts[s + 1], codes, at);
        }
        outStarts[count] = at;
        out.shrink(Math.toIntExact(start + 2 * raw - at));
    }

    /** Writes the codes of {@code data[from, to)} to {@code codes} from {@code at}; returns where they end. */
    private int compress(byte[] data, int from, int to, byte[] codes, int at) {
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
        return at;
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
