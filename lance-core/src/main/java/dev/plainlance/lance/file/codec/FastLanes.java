package dev.plainlance.lance.file.codec;

/**
 * Unpacking of FastLanes bit-packed blocks: 1024 values of a T-bit unsigned type (T = 8, 16, 32,
 * 64) stored with W bits each, transposed over {@code 1024 / T} lanes of T-bit words.
 */
public final class FastLanes {
  /** Values per packed block. */
  public static final int BLOCK = 1024;
  private static final int[] ORDER = {0, 4, 2, 6, 1, 5, 3, 7};

  private FastLanes() {}

  /** Bytes occupied by one packed block of width {@code w} (any T). */
  public static int packedBytes(int w) {
    return BLOCK * w / 8;
  }

  /** Index in the unpacked block of the value at {@code row} of {@code lane}. */
  public static int index(int row, int lane) {
    return ORDER[row >>> 3] * 16 + (row & 7) * 128 + lane;
  }

  /**
   * Unpacks one block of 1024 values from {@code src[srcOff ...]} into {@code dst} as little-endian
   * T-bit integers starting at byte {@code dstOff}.
   */
  public static void unpack(int t, int w, byte[] src, int srcOff, byte[] dst, int dstOff) {
    DecodeException.check(t == 8 || t == 16 || t == 32 || t == 64, "unsupported bit-packing word size " + t);
    DecodeException.check(w >= 0 && w <= t, "bit width " + w + " exceeds word size " + t);
    Bytes.checkRange(src, srcOff, packedBytes(w), "bit-packed block");
    int bytes = t / 8;
    Bytes.checkRange(dst, dstOff, (long) BLOCK * bytes, "unpacked block");
    if (w == 0) {
      java.util.Arrays.fill(dst, dstOff, dstOff + BLOCK * bytes, (byte) 0);
      return;
    }
    int lanes = BLOCK / t;
    long mask = w == 64 ? -1L : (1L << w) - 1;
    for (int lane = 0; lane < lanes; lane++) {
      int bit = 0;
      for (int row = 0; row < t; row++, bit += w) {
        int word = bit / t;
        int shift = bit % t;
        long value = word(src, srcOff, bytes, lanes * word + lane) >>> shift;
        if (shift + w > t) {
          value |= word(src, srcOff, bytes, lanes * (word + 1) + lane) << (t - shift);
        }
        Bytes.putUint(dst, dstOff + index(row, lane) * bytes, bytes, value & mask);
      }
    }
  }

  private static long word(byte[] src, int srcOff, int bytes, int index) {
    return Bytes.uint(src, srcOff + index * bytes, bytes);
  }
}
