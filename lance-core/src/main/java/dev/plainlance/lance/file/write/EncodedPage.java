package dev.plainlance.lance.file.write;

import java.util.List;

/**
 * One encoded page, ready to be written: its buffers in order, its serialized {@code google.protobuf.Any} encoding,
 * the number of rows (items for 2.0 child columns) and the first top-level row (priority). {@code pooled} (may be
 * null) is a buffer's array from the {@link BufferPool}, given back once the page is written.
 */
record EncodedPage(List<Buf> buffers, byte[] encoding, long length, long priority, byte[] pooled) {
    EncodedPage(List<Buf> buffers, byte[] encoding, long length, long priority) {
        this(buffers, encoding, length, priority, null);
    }
}
