package dev.plainlance.lance.arrow;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.arrow.memory.ArrowBuf;

/** Bulk moves between Arrow buffers (little-endian, off heap) and Java arrays, through a view of the memory. */
public final class ArrowBuffers {
    private ArrowBuffers() {}

    /** Copies the first {@code n} 64-bit values of {@code buf} into {@code out}. */
    public static void readLongs(ArrowBuf buf, long[] out, int n) {
        if (n > 0) {
            view(buf, (long) n * Long.BYTES).asLongBuffer().get(out, 0, n);
        }
    }

    /** Copies the first {@code n} doubles of {@code buf} into {@code out}. */
    public static void readDoubles(ArrowBuf buf, double[] out, int n) {
        if (n > 0) {
            view(buf, (long) n * Double.BYTES).asDoubleBuffer().get(out, 0, n);
        }
    }

    /** Copies the first {@code n} 32-bit values of {@code buf} into {@code out}. */
    public static void readInts(ArrowBuf buf, int[] out, int n) {
        if (n > 0) {
            view(buf, (long) n * Integer.BYTES).asIntBuffer().get(out, 0, n);
        }
    }

    /** Copies {@code values[0, n)} into the start of {@code buf}. */
    public static void writeLongs(ArrowBuf buf, long[] values, int n) {
        if (n > 0) {
            view(buf, (long) n * Long.BYTES).asLongBuffer().put(values, 0, n);
        }
    }

    private static ByteBuffer view(ArrowBuf buf, long bytes) {
        return buf.nioBuffer(0, Math.toIntExact(bytes)).order(ByteOrder.LITTLE_ENDIAN);
    }
}
