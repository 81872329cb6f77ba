package dev.plainlance.lance.file.write;

import java.util.Arrays;
import org.apache.arrow.memory.ArrowBuf;

/** An LSB-first bitmap that grows as bits are appended. */
final class BitBuilder {
    private byte[] bits = new byte[64];
    private int length;

    int length() {
        return length;
    }

    /** The backing array; bits past {@link #length()} are zero. */
    byte[] array() {
        return bits;
    }

    void clear() {
        Arrays.fill(bits, 0, (length + 7) >>> 3, (byte) 0);
        length = 0;
    }

    private void ensure(int extraBits) {
        int neededBytes = (int) (((long) length + extraBits + 7) >>> 3);
        if (neededBytes > bits.length) {
            bits = Arrays.copyOf(bits, Math.max(neededBytes, 2 * bits.length));
        }
    }

    void appendOnes(int count) {
        ensure(count);
        int at = length;
        int end = length + count;
        while (at < end && (at & 7) != 0) {
            bits[at >>> 3] |= (byte) (1 << (at & 7));
            at++;
        }
        int fullEnd = end & ~7;
        if (at < fullEnd) {
            Arrays.fill(bits, at >>> 3, fullEnd >>> 3, (byte) -1);
            at = fullEnd;
        }
        while (at < end) {
            bits[at >>> 3] |= (byte) (1 << (at & 7));
            at++;
        }
        length = end;
    }

    void append(boolean bit) {
        ensure(1);
        if (bit) {
            bits[length >>> 3] |= (byte) (1 << (length & 7));
        }
        length++;
    }

    /** Appends {@code count} bits of {@code source} starting at bit {@code from}. */
    void append(ArrowBuf source, long from, int count) {
        ensure(count);
        if ((from & 7) == 0 && (length & 7) == 0) {
            int bytes = count >>> 3;
            source.getBytes(from >>> 3, bits, length >>> 3, bytes);
            length += bytes << 3;
            from += (long) bytes << 3;
            count -= bytes << 3;
        }
        for (int i = 0; i < count; i++) {
            long bit = from + i;
            if ((source.getByte(bit >>> 3) & (1 << (bit & 7))) != 0) {
                bits[length >>> 3] |= (byte) (1 << (length & 7));
            }
            length++;
        }
    }

    /** Sets bits {@code [from, from + count)}, which must already have been appended. */
    void setRange(long from, long count) {
        for (long i = from; i < from + count; i++) {
            bits[(int) (i >>> 3)] |= (byte) (1 << (i & 7));
        }
    }

    boolean get(int index) {
        return (bits[index >>> 3] & (1 << (index & 7))) != 0;
    }

    boolean allSet() {
        int full = length >>> 3;
        for (int i = 0; i < full; i++) {
            if (bits[i] != (byte) -1) {
                return false;
            }
        }
        for (int i = full << 3; i < length; i++) {
            if (!get(i)) {
                return false;
            }
        }
        return true;
    }

    boolean noneSet() {
        for (int i = 0, n = (length + 7) >>> 3; i < n; i++) {
            if (bits[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** Bits {@code [from, from + count)} as a new byte-aligned bitmap. */
    byte[] slice(int from, int count) {
        byte[] out = new byte[(count + 7) >>> 3];
        if ((from & 7) == 0) {
            System.arraycopy(bits, from >>> 3, out, 0, out.length);
            if ((count & 7) != 0) {
                out[out.length - 1] &= (byte) ((1 << (count & 7)) - 1);
            }
            return out;
        }
        for (int i = 0; i < count; i++) {
            if (get(from + i)) {
                out[i >>> 3] |= (byte) (1 << (i & 7));
            }
        }
        return out;
    }
}
