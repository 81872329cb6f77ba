package dev.plainlance.lance.file.codec;

/**
 * FSST decompression with Lance's serialized symbol table: a u64 header {@code "FSST" << 32 |
 * encoder_switch << 24 | suffix_lim << 16 | terminator << 8 | n_symbols}, then {@code n_symbols}
 * u64 symbols and {@code n_symbols} symbol lengths. Code 255 escapes one literal byte. When the
 * encoder switch is off the data is stored uncompressed.
 */
public final class Fsst {
    private static final long MAGIC = 0x46535354L;
    private static final int ESCAPE = 255;

    private final boolean enabled;
    private final long[] symbols;
    private final int[] lengths;
    /** The longest output of one code: the longest symbol, and at least 1 for an escaped byte. */
    private final int maxExpansion;

    private Fsst(boolean enabled, long[] symbols, int[] lengths) {
        this.enabled = enabled;
        this.symbols = symbols;
        this.lengths = lengths;
        this.maxExpansion = java.util.Arrays.stream(lengths).max().orElse(1);
    }

    /** Parses a serialized symbol table. */
    public static Fsst parse(byte[] table) {
        DecodeException.check(table.length >= 8, "FSST symbol table too short");
        long header = Bytes.i64(table, 0);
        DecodeException.check((header >>> 32) == MAGIC, "FSST symbol table has bad magic");
        boolean enabled = (header & (1L << 24)) != 0;
        int count = (int) (header & 0xFF);
        Bytes.checkRange(table, 8, count * 9L, "FSST symbol table");
        long[] symbols = new long[count];
        int[] lengths = new int[count];
        for (int i = 0; i < count; i++) {
            symbols[i] = Bytes.i64(table, 8 + 8 * i);
            lengths[i] = table[8 + 8 * count + i] & 0xFF;
            DecodeException.check(
                    lengths[i] >= 1 && lengths[i] <= 8, "FSST symbol length out of range");
        }
        return new Fsst(enabled, symbols, lengths);
    }

    /** Decompresses each of the {@code length} compressed values of {@code input}. */
    public ArrayData decompress(ArrayData input) {
        DecodeException.check(
                input.kind == ArrayData.Kind.VARIABLE, "FSST input must be variable-width");
        if (!enabled) {
            return input;
        }
        int n = input.length;
        int[] offsets = new int[n + 1];
        byte[] in = input.data;
        int[] inOffsets = input.offsets;
        long[] symbolWords = symbols;
        int[] symbolLengths = lengths;
        int symbolCount = symbolWords.length;
        // One pass: every code writes a whole 8-byte word, so size the output for the longest expansion plus a word.
        long decodedLength = (long) (inOffsets[n] - inOffsets[0]) * maxExpansion + 8;
        if (decodedLength > Integer.MAX_VALUE - 64) {
            throw new DecodeException("FSST output too large");
        }
        byte[] out = new byte[(int) decodedLength];
        int at = 0;
        for (int v = 0; v < n; v++) {
            int end = inOffsets[v + 1];
            for (int i = inOffsets[v]; i < end; i++) {
                int code = in[i] & 0xFF;
                if (code < symbolCount) {
                    Bytes.putI64(out, at, symbolWords[code]);
                    at += symbolLengths[code];
                } else if (code == ESCAPE && i + 1 < end) {
                    out[at++] = in[++i];
                } else {
                    throw new DecodeException("FSST code " + code + " is invalid here");
                }
            }
            offsets[v + 1] = at;
        }
        return ArrayData.variable(n, offsets, out, input.validity);
    }
}
