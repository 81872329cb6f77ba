package dev.plainlance.lance.file.codec;

import io.airlift.compress.MalformedInputException;
import io.airlift.compress.lz4.Lz4Decompressor;
import io.airlift.compress.zstd.ZstdDecompressor;

/**
 * Lance's general-purpose buffer compression framing: zstd = {@code u64 LE uncompressed length} +
 * one zstd frame (a bare frame is also accepted); lz4 = {@code u32 LE uncompressed length} + one
 * raw LZ4 block.
 */
public final class GeneralCompression {
    private static final int ZSTD_MAGIC = 0xFD2FB528;

    /** Upper bound of what one page buffer may decompress to. */
    private static final long MAX_DECOMPRESSED = 1L << 30;

    /** Supported schemes. */
    public enum Scheme {
        ZSTD,
        LZ4
    }

    private GeneralCompression() {}

    /** Maps a Lance 2.0 scheme name; returns null for "none" or "". */
    public static Scheme fromName(String name) {
        switch (name) {
            case "":
            case "none":
                return null;
            case "zstd":
                return Scheme.ZSTD;
            case "lz4":
                return Scheme.LZ4;
            default:
                throw new DecodeException("unsupported compression scheme '" + name + "'");
        }
    }

    /** Decompresses {@code src[offset, offset+length)}. */
    public static byte[] decompress(Scheme scheme, byte[] src, int offset, int length) {
        Bytes.checkRange(src, offset, length, "compressed buffer");
        try {
            return scheme == Scheme.ZSTD ? zstd(src, offset, length) : lz4(src, offset, length);
        } catch (MalformedInputException | IndexOutOfBoundsException | IllegalArgumentException e) {
            throw new DecodeException(scheme + " data is corrupt: " + e.getMessage(), e);
        }
    }

    private static byte[] zstd(byte[] src, int offset, int length) {
        int frameStart = offset;
        long declared = -1;
        boolean bareFrame = length >= 5 && Bytes.i32(src, offset) == ZSTD_MAGIC && (src[offset + 4] & 0x08) == 0;
        if (!bareFrame) {
            DecodeException.check(length >= 8, "zstd buffer shorter than its length prefix");
            declared = Bytes.i64(src, offset);
            frameStart = offset + 8;
        }
        int frameLength = length - (frameStart - offset);
        long frameSize = ZstdDecompressor.getDecompressedSize(src, frameStart, frameLength);
        if (declared < 0) {
            declared = frameSize;
        } else if (frameSize >= 0) {
            if (frameSize != declared) {
                throw new DecodeException("zstd frame size " + frameSize + " != declared " + declared);
            }
        }
        if (!(declared >= 0 && declared <= MAX_DECOMPRESSED && declared <= 44_000L * frameLength + 1024)) {
            throw new DecodeException("implausible zstd decompressed size " + declared);
        }
        byte[] out = new byte[(int) declared];
        int n = new ZstdDecompressor().decompress(src, frameStart, frameLength, out, 0, out.length);
        if (n != declared) {
            throw new DecodeException("zstd produced " + n + " bytes, expected " + declared);
        }
        return out;
    }

    private static byte[] lz4(byte[] src, int offset, int length) {
        DecodeException.check(length >= 4, "lz4 buffer shorter than its length prefix");
        long declared = Bytes.u32(src, offset);
        if (!(declared <= MAX_DECOMPRESSED && declared <= 256L * length + 64)) {
            throw new DecodeException("implausible lz4 decompressed size " + declared);
        }
        byte[] out = new byte[(int) declared];
        int n = new Lz4Decompressor().decompress(src, offset + 4, length - 4, out, 0, out.length);
        if (n != declared) {
            throw new DecodeException("lz4 produced " + n + " bytes, expected " + declared);
        }
        return out;
    }
}
