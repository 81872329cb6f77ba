package dev.plainlance.interop;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;

/** {@link RichData} for the test packages below this one. */
public final class RichDataAccess {
    private RichDataAccess() {}

    /** Rows {@code firstId..firstId+rows-1} of {@link RichData#simpleSchema()}. */
    public static ArrowReader simpleRows(BufferAllocator allocator, long firstId, int rows) {
        return RichData.reader(allocator, RichData.simpleSchema(), firstId, rows);
    }
}
