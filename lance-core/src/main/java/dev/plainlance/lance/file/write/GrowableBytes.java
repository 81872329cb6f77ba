package dev.plainlance.lance.file.write;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.apache.arrow.memory.ArrowBuf;

/** A little-endian byte buffer that grows as it is appended to. */
final class GrowableBytes {
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private byte[] data;
    private int size;
    /** Whether the backing array comes from the {@link BufferPool}, as do the larger ones it grows into. */
    private final boolean pooled;

    GrowableBytes(int capacity) {
        this(new byte[Math.max(16, capacity)], false);
    }

    private GrowableBytes(byte[] data, boolean pooled) {
        this.data = data;
        this.pooled = pooled;
    }

    /**
     * An empty buffer of at least {@code capacity} bytes from the {@link BufferPool}; see {@link #release()}. It grows
     * into pooled arrays too, giving each outgrown one back, so its {@link #array()} must not be kept across appends.
     */
    static GrowableBytes pooled(int capacity) {
        return new GrowableBytes(BufferPool.take(Math.max(16, capacity)), true);
    }

    /** Gives the backing array to the {@link BufferPool}; the buffer and its {@link #array()} must not be used after. */
    void release() {
        BufferPool.release(data);
        data = null;
        size = 0;
    }

    int size() {
        return size;
    }

    /** The backing array; only the first {@link #size()} bytes are meaningful. */
    byte[] array() {
        return data;
    }

    void clear() {
        size = 0;
    }

    /** Makes room for {@code extra} more bytes. */
    void reserve(int extra) {
        long needed = (long) size + extra;
        if (needed > data.length) {
            if (needed > Integer.MAX_VALUE - 16) {
                throw new IllegalStateException("buffer would exceed 2 GiB");
            }
            if (pooled) {
                // past 1 MiB a quarter more: a page slightly larger than the last should not take twice its size
                long grown = data.length < (1 << 20) ? 2L * data.length : data.length + (data.length >>> 2);
                int capacity = (int) Math.min(Integer.MAX_VALUE - 16, Math.max(needed, grown));
                byte[] larger = BufferPool.take(capacity);
                System.arraycopy(data, 0, larger, 0, size);
                BufferPool.release(data);
                data = larger;
            } else {
                data = Arrays.copyOf(data, (int) Math.min(Integer.MAX_VALUE - 16, Math.max(needed, 2L * data.length)));
            }
        }
    }

    /** Extends the size by {@code extra} bytes, to be written by the caller, and returns where they start. */
    int grow(int extra) {
        reserve(extra);
        int at = size;
        size += extra;
        return at;
    }

    /** Drops the last {@code count} bytes (written past by a caller that reserved more than it used). */
    void shrink(int count) {
        if (count < 0 || count > size) {
            throw new IllegalArgumentException("cannot drop " + count + " of " + size + " bytes");
        }
        size -= count;
    }

    void put(byte value) {
        reserve(1);
        data[size++] = value;
    }

    void putShort(int value) {
        reserve(2);
        SHORT.set(data, size, (short) value);
        size += 2;
    }

    void putInt(int value) {
        reserve(4);
        INT.set(data, size, value);
        size += 4;
    }

    void putLong(long value) {
        reserve(8);
        LONG.set(data, size, value);
        size += 8;
    }

    /** Appends a little-endian unsigned integer of {@code width} bytes (1, 2, 4 or 8). */
    void putUint(long value, int width) {
        switch (width) {
            case 1 -> put((byte) value);
            case 2 -> putShort((int) value);
            case 4 -> putInt((int) value);
            default -> putLong(value);
        }
    }

    void put(byte[] bytes, int offset, int length) {
        reserve(length);
        System.arraycopy(bytes, offset, data, size, length);
        size += length;
    }

    void put(ArrowBuf buf, long index, int length) {
        reserve(length);
        buf.getBytes(index, data, size, length);
        size += length;
    }

    void fill(byte value, int count) {
        reserve(count);
        Arrays.fill(data, size, size + count, value);
        size += count;
    }

    /** Pads with {@code value} until the size is a multiple of {@code alignment}, counted from {@code start}. */
    void padTo(int alignment, int start, byte value) {
        int rem = (size - start) % alignment;
        if (rem != 0) {
            fill(value, alignment - rem);
        }
    }

    static long getLong(byte[] bytes, int at) {
        return (long) LONG.get(bytes, at);
    }

    static int getInt(byte[] bytes, int at) {
        return (int) INT.get(bytes, at);
    }

    static int getShort(byte[] bytes, int at) {
        return (short) SHORT.get(bytes, at);
    }

    static void setLong(byte[] bytes, int at, long value) {
        LONG.set(bytes, at, value);
    }

    static void setShort(byte[] bytes, int at, int value) {
        SHORT.set(bytes, at, (short) value);
    }

    byte[] toByteArray() {
        return Arrays.copyOf(data, size);
    }
}
