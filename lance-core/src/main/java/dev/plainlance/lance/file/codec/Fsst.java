package dev.plainlance.lance.file.codec;

import java.util.Arrays;
import java.util.List;

/**
 * FSST decompression with Lance's serialized symbol table: a u64 header {@code "FSST" << 32 |
 * encoder_switch << 24 | suffix_lim << 16 | terminator << 8 | n_symbols}, then {@code n_symbols}
 * u64 symbols and {@code n_symbols} symbol lengths. Code 255 escapes one literal byte. When the
 * encoder switch is off the data is stored uncompressed.
 */
public final class Fsst {
    private static final long MAGIC = 0x46535354L;
    private static final int ESCAPE = 255;
    /** Set in {@link #lengths} for codes the table does not define; the length bits stay 0. */
    private static final int INVALID = 0x10;
    /** Set in {@link #lengths} for the escape code, with the length bits 0. */
    private static final int ESCAPED = 0x20;
    /** Reused output buffers; decoded values are copied out of them at their exact size. */
    private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[0]);
    /** Reused output positions of the codes of one part (see {@link #expandPlain}). */
    private static final ThreadLocal<int[]> POSITIONS = ThreadLocal.withInitial(() -> new int[0]);
    /** Reused relative input offsets of one chunk (see {@link #decompressChunks}). */
    private static final ThreadLocal<int[]> INPUT_OFFSETS = ThreadLocal.withInitial(() -> new int[0]);
    /** Larger buffers are not kept between calls. */
    private static final int MAX_KEPT_SCRATCH = 8 << 20;

    private final boolean enabled;
    /** Symbol word per code (256 entries, so a code byte indexes without a bounds check). */
    private final long[] symbols = new long[256];
    /** Symbol length per code, or {@link #INVALID} or {@link #ESCAPED}. */
    private final int[] lengths = new int[256];
    /** The longest output of one code: the longest symbol, and at least 1 for an escaped byte. */
    private final int maxExpansion;

    private Fsst(boolean enabled, long[] symbolWords, int[] symbolLengths) {
        this.enabled = enabled;
        Arrays.fill(lengths, INVALID);
        lengths[ESCAPE] = ESCAPED;
        System.arraycopy(symbolWords, 0, symbols, 0, symbolWords.length);
        System.arraycopy(symbolLengths, 0, lengths, 0, symbolLengths.length);
        this.maxExpansion = Arrays.stream(symbolLengths).max().orElse(1);
    }

    /** Parses a serialized symbol table. */
    public static Fsst parse(byte[] table) {
        DecodeException.check(table.length >= 8, "FSST symbol table too short");
        long header = Bytes.i64(table, 0);
        DecodeException.check((header >>> 32) == MAGIC, "FSST symbol table has bad magic");
        boolean enabled = (header & (1L << 24)) != 0;
        int count = (int) (header & 0xFF);
        DecodeException.check(count <= ESCAPE, "FSST symbol table has too many symbols");
        Bytes.checkRange(table, 8, count * 9L, "FSST symbol table");
        long[] symbols = new long[count];
        int[] lengths = new int[count];
        for (int i = 0; i < count; i++) {
            symbols[i] = Bytes.i64(table, 8 + 8 * i);
            lengths[i] = table[8 + 8 * count + i] & 0xFF;
            DecodeException.check(lengths[i] >= 1 && lengths[i] <= 8, "FSST symbol length out of range");
        }
        return new Fsst(enabled, symbols, lengths);
    }

    /** Decompresses each of the {@code length} compressed values of {@code input}. */
    public ArrayData decompress(ArrayData input) {
        DecodeException.check(input.kind == ArrayData.Kind.VARIABLE, "FSST input must be variable-width");
        if (!enabled) {
            return input;
        }
        return decompress(List.of(input)).withValidity(input.validity);
    }

    /**
     * Compressed values as the 2.1 mini-block "variable" layout stores them: {@code count + 1} u32
     * offsets at {@code bytes[start]}, value {@code i} being bytes {@code [start + offset(i),
     * start + offset(i + 1))}, all inside {@code [start, start + length)}.
     */
    public record OffsetChunk(byte[] bytes, int start, int length, int count) {}

    /**
     * Decompresses the values of {@code parts} (variable-width) one after the other into one array
     * without validity: the parts' validity is not carried over. Safe for concurrent use.
     */
    public ArrayData decompress(List<ArrayData> parts) {
        int n = 0;
        for (ArrayData part : parts) {
            DecodeException.check(part.kind == ArrayData.Kind.VARIABLE, "FSST input must be variable-width");
            n = Math.addExact(n, part.length);
        }
        if (!enabled) {
            return ArrayData.concat(parts);
        }
        long compressed = 0;
        for (ArrayData part : parts) {
            compressed += part.offsets[part.length] - part.offsets[0];
        }
        int[] offsets = new int[n + 1];
        byte[] out = scratch(compressed);
        int at = 0;
        int first = 0;
        for (ArrayData part : parts) {
            at = decode(part.data, 0, part.offsets, part.length, out, at, first, offsets);
            first += part.length;
        }
        return ArrayData.variable(n, offsets, Arrays.copyOf(out, at), null);
    }

    /**
     * Decompresses the values of {@code chunks} one after the other into one array without
     * validity, reading the codes where they lie. Safe for concurrent use.
     */
    public ArrayData decompressChunks(List<OffsetChunk> chunks) {
        long compressed = checkChunks(chunks);
        int n = 0;
        for (OffsetChunk chunk : chunks) {
            n = Math.addExact(n, chunk.count);
        }
        if (!enabled) {
            List<ArrayData> plain = new java.util.ArrayList<>(chunks.size());
            for (OffsetChunk chunk : chunks) {
                plain.add(values(chunk));
            }
            return ArrayData.concat(plain);
        }
        int[] offsets = new int[n + 1];
        byte[] out = scratch(compressed);
        int at = 0;
        int first = 0;
        for (OffsetChunk chunk : chunks) {
            int[] relative = relativeOffsets(chunk);
            at = decode(
                    chunk.bytes,
                    chunk.start + (int) Bytes.u32(chunk.bytes, chunk.start),
                    relative,
                    chunk.count,
                    out,
                    at,
                    first,
                    offsets);
            first += chunk.count;
        }
        return ArrayData.variable(n, offsets, Arrays.copyOf(out, at), null);
    }

    /**
     * Decompresses only the picked values of {@code chunks}: value {@code picks[i] - base} of the chunks' values one
     * after the other, for {@code i} in {@code [from, to)} (ascending), into one array without validity. The codes
     * of other values are not expanded. Safe for concurrent use.
     */
    public ArrayData decompressPicked(List<OffsetChunk> chunks, int[] picks, int from, int to, long base) {
        long compressed = checkChunks(chunks);
        if (!enabled) {
            List<ArrayData> plain = new java.util.ArrayList<>(chunks.size());
            for (OffsetChunk chunk : chunks) {
                plain.add(values(chunk));
            }
            return ArrayData.concat(plain).pick(picks, from, to, base);
        }
        int n = to - from;
        int[] offsets = new int[n + 1];
        byte[] out = scratch(compressed);
        int at = 0;
        int i = from;
        int chunkFirst = 0;
        for (OffsetChunk chunk : chunks) {
            int chunkEnd = chunkFirst + chunk.count;
            if (i < to && picks[i] - base < chunkEnd) {
                int[] relative = relativeOffsets(chunk);
                int codes = chunk.start + (int) Bytes.u32(chunk.bytes, chunk.start);
                for (; i < to && picks[i] - base < chunkEnd; i++) {
                    long v = picks[i] - base - chunkFirst;
                    DecodeException.check(v >= 0, "picked values are not ascending");
                    at = expandValue(chunk.bytes, codes + relative[(int) v], codes + relative[(int) v + 1], out, at);
                    offsets[i - from + 1] = at;
                }
            }
            chunkFirst = chunkEnd;
        }
        DecodeException.check(i == to, "picked value outside the chunks");
        return ArrayData.variable(n, offsets, Arrays.copyOf(out, at), null);
    }

    /** Checks that each chunk's offsets lie inside it; returns the chunks' code bytes. */
    private static long checkChunks(List<OffsetChunk> chunks) {
        long compressed = 0;
        for (OffsetChunk chunk : chunks) {
            Bytes.checkRange(chunk.bytes, chunk.start, chunk.length, "FSST chunk");
            Bytes.checkRange(chunk.bytes, chunk.start, 4L * (chunk.count + 1L), "FSST chunk offsets");
            DecodeException.check(4L * (chunk.count + 1L) <= chunk.length, "FSST chunk offsets truncated");
            compressed += Math.max(
                    0, Bytes.u32(chunk.bytes, chunk.start + 4 * chunk.count) - Bytes.u32(chunk.bytes, chunk.start));
        }
        return compressed;
    }

    /**
     * The chunk's value offsets relative to its first value, in this thread's reused array; checks
     * that they do not decrease and stay inside the chunk.
     */
    private static int[] relativeOffsets(OffsetChunk chunk) {
        int[] relative = INPUT_OFFSETS.get();
        if (relative.length <= chunk.count) {
            relative = new int[chunk.count + 1];
            INPUT_OFFSETS.set(relative);
        }
        long first = Bytes.u32(chunk.bytes, chunk.start);
        long previous = first;
        boolean ordered = first >= 4L * (chunk.count + 1L);
        for (int i = 0; i <= chunk.count; i++) {
            long offset = Bytes.u32(chunk.bytes, chunk.start + 4 * i);
            ordered &= offset >= previous;
            relative[i] = (int) (offset - first);
            previous = offset;
        }
        DecodeException.check(ordered && previous <= chunk.length, "FSST chunk offsets out of range");
        return relative;
    }

    /** The chunk's values as stored (the encoder switch is off). */
    private static ArrayData values(OffsetChunk chunk) {
        int[] relative = relativeOffsets(chunk);
        int from = chunk.start + (int) Bytes.u32(chunk.bytes, chunk.start);
        return ArrayData.variable(
                chunk.count,
                Arrays.copyOf(relative, chunk.count + 1),
                Arrays.copyOfRange(chunk.bytes, from, from + relative[chunk.count]),
                null);
    }

    /**
     * This thread's output buffer, large enough for {@code compressed} code bytes: every code
     * writes a whole 8-byte word, so it holds the longest expansion plus a word.
     */
    private byte[] scratch(long compressed) {
        long bound = compressed * maxExpansion + 8;
        if (bound > Integer.MAX_VALUE - 64) {
            throw new DecodeException("FSST output too large");
        }
        byte[] buffer = SCRATCH.get();
        if (buffer.length < bound) {
            buffer = new byte[(int) bound];
            if (bound <= MAX_KEPT_SCRATCH) {
                SCRATCH.set(buffer);
            }
        }
        return buffer;
    }

    /**
     * Decodes values {@code [0, n)}, value {@code v} being the codes {@code in[base +
     * inOffsets[v]], ..., in[base + inOffsets[v + 1] - 1]}, into {@code out} from position {@code
     * at}, writing the end of value {@code v} to {@code offsets[first + v + 1]}; returns the new
     * position.
     */
    private int decode(byte[] in, int base, int[] inOffsets, int n, byte[] out, int at, int first, int[] offsets) {
        int codes = inOffsets[n];
        Bytes.checkRange(in, base, codes, "FSST codes");
        int[] positions = POSITIONS.get();
        if (positions.length <= codes) {
            positions = new int[codes + 1];
            if (codes < MAX_KEPT_SCRATCH / 4) {
                POSITIONS.set(positions);
            }
        }
        int end = expandPlain(in, base, codes, out, at, positions);
        if (end < 0) {
            return decodeWithEscapes(in, base, inOffsets, n, out, at, first, offsets);
        }
        for (int v = 1; v <= n; v++) {
            offsets[first + v] = positions[inOffsets[v]];
        }
        return end;
    }

    /**
     * Expands the {@code codes} codes at {@code in[base]} in one pass over all values, recording
     * the output position before each code (and after the last) in {@code positions}, so that
     * value boundaries cost no branches; returns the end position, or -1 if a code is an escape.
     */
    private int expandPlain(byte[] in, int base, int codes, byte[] out, int at, int[] positions) {
        long[] words = symbols;
        int[] sizes = lengths;
        int flags = 0;
        int i = 0;
        for (; i + 4 <= codes; i += 4) {
            int quad = Bytes.i32(in, base + i);
            int c0 = quad & 0xFF;
            int c1 = (quad >>> 8) & 0xFF;
            int c2 = (quad >>> 16) & 0xFF;
            int c3 = quad >>> 24;
            int l0 = sizes[c0];
            int l1 = sizes[c1];
            int l2 = sizes[c2];
            int l3 = sizes[c3];
            positions[i] = at;
            Bytes.putI64(out, at, words[c0]);
            at += l0 & 0xF;
            positions[i + 1] = at;
            Bytes.putI64(out, at, words[c1]);
            at += l1 & 0xF;
            positions[i + 2] = at;
            Bytes.putI64(out, at, words[c2]);
            at += l2 & 0xF;
            positions[i + 3] = at;
            Bytes.putI64(out, at, words[c3]);
            at += l3 & 0xF;
            flags |= l0 | l1 | l2 | l3;
        }
        for (; i < codes; i++) {
            int code = in[base + i] & 0xFF;
            int size = sizes[code];
            positions[i] = at;
            Bytes.putI64(out, at, words[code]);
            at += size & 0xF;
            flags |= size;
        }
        positions[codes] = at;
        if ((flags & ESCAPED) != 0) {
            return -1;
        }
        if ((flags & INVALID) != 0) {
            throw new DecodeException("FSST code outside the symbol table");
        }
        return at;
    }

    /**
     * {@link #decode} for values with escaped bytes: value by value, four codes at once when none
     * of them is an escape.
     */
    private int decodeWithEscapes(
            byte[] in, int base, int[] inOffsets, int n, byte[] out, int at, int first, int[] offsets) {
        for (int v = 0; v < n; v++) {
            at = expandValue(in, base + inOffsets[v], base + inOffsets[v + 1], out, at);
            offsets[first + v + 1] = at;
        }
        return at;
    }

    /**
     * Expands the codes {@code in[from, end)} of one value into {@code out} from {@code at}, four codes at once
     * when none of them is an escape; returns the new position.
     */
    private int expandValue(byte[] in, int from, int end, byte[] out, int at) {
        long[] words = symbols;
        int[] sizes = lengths;
        int flags = 0;
        int i = from;
        while (i < end) {
            if (i + 4 <= end) {
                int quad = Bytes.i32(in, i);
                if (((~quad - 0x01010101) & quad & 0x80808080) == 0) {
                    int l0 = sizes[quad & 0xFF];
                    int l1 = sizes[(quad >>> 8) & 0xFF];
                    int l2 = sizes[(quad >>> 16) & 0xFF];
                    int l3 = sizes[quad >>> 24];
                    Bytes.putI64(out, at, words[quad & 0xFF]);
                    at += l0 & 0xF;
                    Bytes.putI64(out, at, words[(quad >>> 8) & 0xFF]);
                    at += l1 & 0xF;
                    Bytes.putI64(out, at, words[(quad >>> 16) & 0xFF]);
                    at += l2 & 0xF;
                    Bytes.putI64(out, at, words[quad >>> 24]);
                    at += l3 & 0xF;
                    flags |= l0 | l1 | l2 | l3;
                    i += 4;
                    continue;
                }
            }
            int code = in[i] & 0xFF;
            if (code == ESCAPE) {
                if (i + 1 >= end) {
                    throw new DecodeException("FSST escape code ends a value");
                }
                out[at++] = in[i + 1];
                i += 2;
            } else {
                int size = sizes[code];
                Bytes.putI64(out, at, words[code]);
                at += size & 0xF;
                flags |= size;
                i++;
            }
        }
        if ((flags & INVALID) != 0) {
            throw new DecodeException("FSST code outside the symbol table");
        }
        return at;
    }
}
