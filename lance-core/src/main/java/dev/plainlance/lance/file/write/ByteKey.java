package dev.plainlance.lance.file.write;

import java.util.Arrays;

/** A byte range used as a hash key, compared by content. */
record ByteKey(byte[] data, int offset, int length) {
    @Override
    public boolean equals(Object o) {
        return o instanceof ByteKey k
                && Arrays.equals(data, offset, offset + length, k.data, k.offset, k.offset + k.length);
    }

    @Override
    public int hashCode() {
        int h = 1;
        for (int i = offset; i < offset + length; i++) {
            h = 31 * h + data[i];
        }
        return h;
    }
}
