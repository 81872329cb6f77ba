package dev.plainlance.lance.file.v21;

import dev.plainlance.lance.file.codec.Bytes;

/** A bounds-checked view {@code [offset, offset + length)} of a byte array. */
record Slice(byte[] bytes, int offset, int length) {

    Slice {
        Bytes.checkRange(bytes, offset, length, "buffer slice");
    }

    static Slice of(byte[] bytes) {
        return new Slice(bytes, 0, bytes.length);
    }
}
