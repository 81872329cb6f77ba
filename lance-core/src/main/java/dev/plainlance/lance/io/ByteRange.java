package dev.plainlance.lance.io;

/** Bytes {@code [offset, offset + length)} of an object. */
public record ByteRange(long offset, int length) {
    public ByteRange {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("negative byte range " + offset + "+" + length);
        }
    }

    /** The offset just past the range. */
    public long end() {
        return offset + length;
    }
}
