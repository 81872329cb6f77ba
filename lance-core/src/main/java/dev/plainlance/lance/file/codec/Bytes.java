package dev.plainlance.lance.file.codec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Little-endian reads from byte arrays with bounds checks that raise {@link DecodeException}. */
public final class Bytes {
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private Bytes() {}

    public static void checkRange(byte[] bytes, long offset, long length, String what) {
        if (offset < 0 || length < 0 || offset + length > bytes.length) {
            throw new DecodeException(
                    what + ": range [" + offset + ", +" + length + ") exceeds buffer of " + bytes.length + " bytes");
        }
    }

    public static int u8(byte[] bytes, int offset) {
        return bytes[offset] & 0xFF;
    }

    public static int u16(byte[] bytes, int offset) {
        return (short) SHORT.get(bytes, offset) & 0xFFFF;
    }

    public static int i32(byte[] bytes, int offset) {
        return (int) INT.get(bytes, offset);
    }

    public static long u32(byte[] bytes, int offset) {
        return i32(bytes, offset) & 0xFFFFFFFFL;
    }

    public static long i64(byte[] bytes, int offset) {
        return (long) LONG.get(bytes, offset);
    }

    public static void putI32(byte[] bytes, int offset, int value) {
        INT.set(bytes, offset, value);
    }

    public static void putI64(byte[] bytes, int offset, long value) {
        LONG.set(bytes, offset, value);
    }

    /** Reads an unsigned little-endian integer of {@code width} bytes (1, 2, 4 or 8). */
    public static long uint(byte[] bytes, int offset, int width) {
        switch (width) {
            case 1:
                return u8(bytes, offset);
            case 2:
                return u16(bytes, offset);
            case 4:
                return u32(bytes, offset);
            case 8:
                return i64(bytes, offset);
            default:
                throw new DecodeException("unsupported integer width " + width);
        }
    }

    /** Writes the low {@code width} bytes of {@code value} little-endian. */
    public static void putUint(byte[] bytes, int offset, int width, long value) {
        switch (width) {
            case 1:
                bytes[offset] = (byte) value;
                break;
            case 2:
                SHORT.set(bytes, offset, (short) value);
                break;
            case 4:
                INT.set(bytes, offset, (int) value);
                break;
            case 8:
                LONG.set(bytes, offset, value);
                break;
            default:
                throw new DecodeException("unsupported integer width " + width);
        }
    }

    /** Copies {@code length} bytes starting at {@code offset}. */
    public static byte[] copy(byte[] bytes, int offset, int length, String what) {
        checkRange(bytes, offset, length, what);
        byte[] out = new byte[length];
        System.arraycopy(bytes, offset, out, 0, length);
        return out;
    }

    /** Reads {@code count} unsigned 16-bit values. */
    public static int[] u16Array(byte[] bytes, int offset, int count, String what) {
        checkRange(bytes, offset, 2L * count, what);
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            out[i] = u16(bytes, offset + 2 * i);
        }
        return out;
    }
}
