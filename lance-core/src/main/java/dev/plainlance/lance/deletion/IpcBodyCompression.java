package dev.plainlance.lance.deletion;

import dev.plainlance.lance.error.CorruptFileException;
import io.airlift.compress.zstd.ZstdDecompressor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.apache.arrow.vector.compression.CompressionUtil;

/** Arrow IPC body-buffer decompression with pure-Java zstd (aircompressor), on the heap. */
final class IpcBodyCompression {
    private IpcBodyCompression() {}

    /**
     * Decompresses one zstd-compressed IPC body buffer: an i64 LE uncompressed length (-1: stored raw) followed by
     * the payload. Failures are {@link CorruptFileException}s naming {@code where}.
     */
    static byte[] decompressZstd(byte[] body, String where) {
        if (body.length == 0) {
            return body;
        }
        int header = (int) CompressionUtil.SIZE_OF_UNCOMPRESSED_LENGTH;
        if (body.length < header) {
            throw new CorruptFileException(
                    where, "compressed buffer of " + body.length + " bytes has no length prefix");
        }
        long length = ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        if (length == CompressionUtil.NO_COMPRESSION_LENGTH) {
            return Arrays.copyOfRange(body, header, body.length);
        }
        if (length < 0 || length > 64L * body.length + 1024) {
            throw new CorruptFileException(where, "implausible uncompressed length " + length);
        }
        byte[] out = new byte[(int) length];
        int produced;
        try {
            produced = new ZstdDecompressor().decompress(body, header, body.length - header, out, 0, out.length);
        } catch (RuntimeException e) {
            throw new CorruptFileException(where, "zstd data is corrupt: " + e.getMessage(), e);
        }
        if (produced != length) {
            throw new CorruptFileException(where, "zstd produced " + produced + " bytes, expected " + length);
        }
        return out;
    }
}
