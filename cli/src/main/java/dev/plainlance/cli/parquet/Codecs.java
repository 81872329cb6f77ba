package dev.plainlance.cli.parquet;

import io.airlift.compress.Decompressor;
import io.airlift.compress.lz4.Lz4Decompressor;
import io.airlift.compress.snappy.SnappyDecompressor;
import io.airlift.compress.zstd.ZstdDecompressor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.zip.GZIPInputStream;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/** Pure-Java Parquet page decompression: aircompressor for Snappy, Zstandard and LZ4 (raw), the JDK for gzip. */
final class Codecs {
    private Codecs() {}

    /** Decompresses {@code length} bytes at {@code offset} of {@code input} into exactly {@code size} bytes. */
    static byte[] decompress(CompressionCodecName codec, byte[] input, int offset, int length, int size, String where) {
        byte[] out = new byte[size];
        try {
            int produced =
                    switch (codec) {
                        case UNCOMPRESSED -> {
                            System.arraycopy(input, offset, out, 0, Math.min(length, size));
                            yield length;
                        }
                        case SNAPPY -> run(new SnappyDecompressor(), input, offset, length, out);
                        case ZSTD -> run(new ZstdDecompressor(), input, offset, length, out);
                        case LZ4_RAW -> run(new Lz4Decompressor(), input, offset, length, out);
                        case GZIP -> gunzip(input, offset, length, out);
                        default ->
                            throw new ParquetInputException(
                                    where,
                                    "compression codec " + codec + " is not"
                                            + " supported (supported: UNCOMPRESSED, SNAPPY, GZIP, ZSTD, LZ4_RAW)");
                    };
            if (produced != size) {
                throw new ParquetInputException(
                        where, "a page decompressed to " + produced + " bytes, its header" + " says " + size);
            }
            return out;
        } catch (ParquetInputException e) {
            throw e;
        } catch (RuntimeException | IOException e) {
            throw new ParquetInputException(where, "cannot decompress a " + codec + " page: " + e.getMessage(), e);
        }
    }

    private static int run(Decompressor decompressor, byte[] input, int offset, int length, byte[] out) {
        return decompressor.decompress(input, offset, length, out, 0, out.length);
    }

    private static int gunzip(byte[] input, int offset, int length, byte[] out) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(input, offset, length))) {
            int total = in.readNBytes(out, 0, out.length);
            if (in.read() >= 0) {
                return out.length + 1;
            }
            return total;
        }
    }
}
