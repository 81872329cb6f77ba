package dev.plainlance.lance.file.write;

import java.util.List;

/**
 * One encoded page, ready to be written: its buffers in order, its serialized {@code google.protobuf.Any} encoding,
 * the number of rows (items for 2.0 child columns) and the first top-level row (priority).
 */
record EncodedPage(List<Buf> buffers, byte[] encoding, long length, long priority) {}
