package dev.plainlance.lance.file.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
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
        return new String(
                data.data,
                data.offsets[i],
                data.offsets[i + 1] - data.offsets[i],
                StandardCharsets.UTF_8);
    }

    @Test
    void expandsSymbolsAndEscapes() {
        Fsst fsst = Fsst.parse(table(true));
        ArrayData out =
                fsst.decompress(
                        strings(
                                new byte[] {1, (byte) 255, '!', 0},
                                new byte[0],
                                new byte[] {0, 0}));
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
        assertThrows(
                DecodeException.class, () -> fsst.decompress(strings(new byte[] {(byte) 255})));
        byte[] bad = table(true);
        bad[7] = 0;
        assertThrows(DecodeException.class, () -> Fsst.parse(bad));
    }
}
