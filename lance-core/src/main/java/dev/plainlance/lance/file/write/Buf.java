package dev.plainlance.lance.file.write;

/** A slice of a byte array holding one page buffer. */
record Buf(byte[] array, int offset, int length) {
    static Buf of(byte[] bytes) {
        return new Buf(bytes, 0, bytes.length);
    }

    static Buf of(GrowableBytes bytes) {
        return new Buf(bytes.array(), 0, bytes.size());
    }

    static Buf empty() {
        return new Buf(new byte[0], 0, 0);
    }
}
