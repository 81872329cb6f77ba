package dev.plainlance.lance.file.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.airlift.compress.lz4.Lz4Compressor;
import io.airlift.compress.zstd.ZstdCompressor;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class GeneralCompressionTest {
    private static final byte[] TEXT =
            "lance lance lance columnar columnar format".repeat(20).getBytes(StandardCharsets.UTF_8);

    private static byte[] zstdFrame() {
        ZstdCompressor compressor = new ZstdCompressor();
        byte[] out = new byte[compressor.maxCompressedLength(TEXT.length)];
        return Arrays.copyOf(out, compressor.compress(TEXT, 0, TEXT.length, out, 0, out.length));
    }

    @Test
    void zstdWithLengthPrefixAndBareFrames() {
        byte[] frame = zstdFrame();
        byte[] prefixed = new byte[frame.length + 8];
        Bytes.putI64(prefixed, 0, TEXT.length);
        System.arraycopy(frame, 0, prefixed, 8, frame.length);
        assertArrayEquals(
                TEXT, GeneralCompression.decompress(GeneralCompression.Scheme.ZSTD, prefixed, 0, prefixed.length));
        assertArrayEquals(TEXT, GeneralCompression.decompress(GeneralCompression.Scheme.ZSTD, frame, 0, frame.length));
    }

    @Test
    void lz4WithLengthPrefix() {
        Lz4Compressor compressor = new Lz4Compressor();
        byte[] out = new byte[compressor.maxCompressedLength(TEXT.length) + 4];
        int n = compressor.compress(TEXT, 0, TEXT.length, out, 4, out.length - 4);
        Bytes.putI32(out, 0, TEXT.length);
        assertArrayEquals(TEXT, GeneralCompression.decompress(GeneralCompression.Scheme.LZ4, out, 0, n + 4));
    }

    @Test
    void rejectsLyingLengthPrefixes() {
        byte[] frame = zstdFrame();
        byte[] prefixed = new byte[frame.length + 8];
        Bytes.putI64(prefixed, 0, 1L << 40);
        System.arraycopy(frame, 0, prefixed, 8, frame.length);
        assertThrows(
                DecodeException.class,
                () -> GeneralCompression.decompress(GeneralCompression.Scheme.ZSTD, prefixed, 0, prefixed.length));
        byte[] lz4 = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x7F, 0x10, 'a'};
        assertThrows(
                DecodeException.class, () -> GeneralCompression.decompress(GeneralCompression.Scheme.LZ4, lz4, 0, 6));
    }
}
