package dev.plainlance.lance.file.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class FsstTest {

    /** A symbol table with symbols "ab" (code 0) and "lance" (code 1). */
    static byte[] table(boolean encoderSwitch) {
        byte[] table = new byte[2312];
        long header = (0x46535354L << 32) | ((encoderSwitch ? 1L : 0L) << 24) | 2;
        Bytes.putI64(table, 0, header);
        Bytes.putI64(table, 8, symbol("ab"));
        Bytes.putI64(table, 16, symbol("lance"));
        table[24] = 2;
        table[25] = 5;
        return table;
    }

    private static long symbol(String text) {
        long value = 0;
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        for (int i = bytes.length - 1; i >= 0; i--) {
            value = value << 8 | (bytes[i] & 0xFF);
        }
        return value;
    }

    private static ArrayData strings(byte[]... values) {
        int[] offsets = new int[values.length + 1];
        java.io.ByteArrayOutputStream data = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < values.length; i++) {
            data.writeBytes(values[i]);
            offsets[i + 1] = data.size();
        }
        return ArrayData.variable(values.length, offsets, data.toByteArray(), null);
    }

    private static String text(ArrayData data, int i) {
        return new String(data.data, data.offsets[i], data.offsets[i + 1] - data.offsets[i], StandardCharsets.UTF_8);
    }

    @Test
    void expandsSymbolsAndEscapes() {
        Fsst fsst = Fsst.parse(table(true));
        ArrayData out = fsst.decompress(strings(new byte[] {1, (byte) 255, '!', 0}, new byte[0], new byte[] {0, 0}));
        assertEquals(3, out.length);
        assertEquals("lance!ab", text(out, 0));
        assertEquals("", text(out, 1));
        assertEquals("abab", text(out, 2));
    }

    @Test
    void passesDataThroughWhenTheEncoderWasOff() {
        ArrayData input = strings("raw".getBytes(StandardCharsets.UTF_8));
        assertEquals("raw", text(Fsst.parse(table(false)).decompress(input), 0));
    }

    @Test
    void rejectsUnknownCodesAndBadTables() {
        Fsst fsst = Fsst.parse(table(true));
        assertThrows(DecodeException.class, () -> fsst.decompress(strings(new byte[] {7})));
        assertThrows(DecodeException.class, () -> fsst.decompress(strings(new byte[] {(byte) 255})));
        byte[] bad = table(true);
        bad[7] = 0;
        assertThrows(DecodeException.class, () -> Fsst.parse(bad));
    }

    /**
     * {@code values} laid out as a mini-block variable chunk (u32 offsets, then the bytes) at
     * {@code start} of a larger array whose other bytes are noise.
     */
    private static Fsst.OffsetChunk chunk(int start, byte[]... values) {
        int header = 4 * (values.length + 1);
        int size = header;
        for (byte[] value : values) {
            size += value.length;
        }
        byte[] bytes = new byte[start + size + 5];
        java.util.Arrays.fill(bytes, (byte) 7);
        int at = header;
        for (int i = 0; i <= values.length; i++) {
            Bytes.putI32(bytes, start + 4 * i, at);
            if (i < values.length) {
                System.arraycopy(values[i], 0, bytes, start + at, values[i].length);
                at += values[i].length;
            }
        }
        return new Fsst.OffsetChunk(bytes, start, size, values.length);
    }

    @Test
    void expandsChunksWhereTheirCodesLieWithAndWithoutEscapes() {
        Fsst fsst = Fsst.parse(table(true));
        ArrayData out = fsst.decompressChunks(List.of(
                chunk(3, new byte[] {1, 0}, new byte[0]), chunk(0, new byte[] {(byte) 255, '!', 1}, new byte[] {0})));
        assertEquals(4, out.length);
        assertEquals("lanceab", text(out, 0));
        assertEquals("", text(out, 1));
        assertEquals("!lance", text(out, 2));
        assertEquals("ab", text(out, 3));
        assertEquals(out.offsets[4], out.data.length);
    }

    @Test
    void passesChunksThroughWhenTheEncoderWasOff() {
        ArrayData out = Fsst.parse(table(false)).decompressChunks(List.of(chunk(2, "raw".getBytes(), "x".getBytes())));
        assertEquals("raw", text(out, 0));
        assertEquals("x", text(out, 1));
    }

    @Test
    void rejectsChunksWithOffsetsOutsideTheChunkOrDecreasing() {
        Fsst fsst = Fsst.parse(table(true));
        Fsst.OffsetChunk beyond = chunk(0, new byte[] {0, 1});
        Bytes.putI32(beyond.bytes(), 4, beyond.length() + 1);
        assertThrows(DecodeException.class, () -> fsst.decompressChunks(List.of(beyond)));
        Fsst.OffsetChunk decreasing = chunk(0, new byte[] {0}, new byte[] {1});
        Bytes.putI32(decreasing.bytes(), 4, 11);
        assertThrows(DecodeException.class, () -> fsst.decompressChunks(List.of(decreasing)));
        Fsst.OffsetChunk intoHeader = chunk(0, new byte[] {0});
        Bytes.putI32(intoHeader.bytes(), 0, 2);
        assertThrows(DecodeException.class, () -> fsst.decompressChunks(List.of(intoHeader)));
        Fsst.OffsetChunk truncated = chunk(0, new byte[] {0});
        assertThrows(
                DecodeException.class,
                () -> fsst.decompressChunks(List.of(new Fsst.OffsetChunk(truncated.bytes(), 0, 6, truncated.count()))));
        Fsst.OffsetChunk escapeLast = chunk(0, new byte[] {0, (byte) 255});
        assertThrows(DecodeException.class, () -> fsst.decompressChunks(List.of(escapeLast)));
    }

    /** Chunked and unchunked decompression agree on random code strings, escapes included. */
    @Property(tries = 300)
    void chunkedDecompressionEqualsValueDecompression(
            @ForAll @Size(max = 40) List<@Size(max = 12) List<@IntRange(min = 0, max = 2) Integer>> values,
            @ForAll @IntRange(min = 1, max = 7) int perChunk) {
        Fsst fsst = Fsst.parse(table(true));
        List<byte[]> encoded = new ArrayList<>();
        for (List<Integer> value : values) {
            java.io.ByteArrayOutputStream codes = new java.io.ByteArrayOutputStream();
            for (int code : value) {
                if (code == 2) {
                    codes.write(255);
                    codes.write('#');
                } else {
                    codes.write(code);
                }
            }
            encoded.add(codes.toByteArray());
        }
        List<Fsst.OffsetChunk> chunks = new ArrayList<>();
        for (int i = 0; i < encoded.size(); i += perChunk) {
            chunks.add(chunk(
                    i % 5,
                    encoded.subList(i, Math.min(encoded.size(), i + perChunk)).toArray(new byte[0][])));
        }
        ArrayData expected = fsst.decompress(strings(encoded.toArray(new byte[0][])));
        ArrayData actual = fsst.decompressChunks(chunks);
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(text(expected, i), text(actual, i));
        }
    }
}
