package dev.plainlance.lance.file.codec;

import java.util.List;

/**
 * Decoded column data on the Java heap, shaped like an Arrow array: a kind, a length, an optional
 * validity bitmap and kind-specific buffers. It is the common output of all page decoders and the
 * input of {@link ArrowLoader}.
 */
public final class ArrayData {

  /** Physical shape of the data. */
  public enum Kind {
    /** No buffers; every slot is null. */
    NULL,
    /** {@code width} bytes per value in {@link #data}. */
    FIXED,
    /** One bit per value in {@link #data}. */
    BITS,
    /** {@code length + 1} offsets into {@link #data}. */
    VARIABLE,
    /** One child of {@code length * dimension} values. */
    FIXED_LIST,
    /** {@code length + 1} offsets into one child. */
    LIST,
    /** One child per struct member, each of {@code length} values. */
    STRUCT
  }

  public final Kind kind;
  public final int length;
  /** LSB-first validity bitmap, or null when every slot is valid. */
  public final byte[] validity;
  public final byte[] data;
  public final int width;
  public final int[] offsets;
  public final int dimension;
  public final ArrayData[] children;

  private ArrayData(Kind kind, int length, byte[] validity, byte[] data, int width, int[] offsets,
      int dimension, ArrayData[] children) {
    this.kind = kind;
    this.length = length;
    this.validity = validity;
    this.data = data;
    this.width = width;
    this.offsets = offsets;
    this.dimension = dimension;
    this.children = children;
  }

  public static ArrayData nulls(int length) {
    return new ArrayData(Kind.NULL, length, new byte[Bitmaps.bytesFor(length)], null, 0, null, 0, null);
  }

  public static ArrayData fixed(int length, int width, byte[] data, byte[] validity) {
    DecodeException.check((long) length * width <= data.length, "fixed-width buffer too short");
    return new ArrayData(Kind.FIXED, length, validity, data, width, null, 0, null);
  }

  public static ArrayData bits(int length, byte[] data, byte[] validity) {
    DecodeException.check(Bitmaps.bytesFor(length) <= data.length, "bit buffer too short");
    return new ArrayData(Kind.BITS, length, validity, data, 1, null, 0, null);
  }

  /** Variable-width values; {@code offsets} must start at 0 and be non-decreasing. */
  public static ArrayData variable(int length, int[] offsets, byte[] data, byte[] validity) {
    DecodeException.check(offsets.length >= length + 1 && offsets[0] == 0
        && offsets[length] <= data.length, "variable-width offsets out of range");
    return new ArrayData(Kind.VARIABLE, length, validity, data, 0, offsets, 0, null);
  }

  public static ArrayData fixedList(int length, int dimension, ArrayData items, byte[] validity) {
    DecodeException.check((long) length * dimension == items.length, "fixed-size-list item count mismatch");
    return new ArrayData(Kind.FIXED_LIST, length, validity, null, 0, null, dimension, new ArrayData[] {items});
  }

  public static ArrayData list(int length, int[] offsets, ArrayData items, byte[] validity) {
    DecodeException.check(offsets[0] == 0 && offsets[length] == items.length, "list offsets mismatch");
    return new ArrayData(Kind.LIST, length, validity, null, 0, offsets, 0, new ArrayData[] {items});
  }

  public static ArrayData struct(int length, ArrayData[] children, byte[] validity) {
    for (ArrayData child : children) {
      DecodeException.check(child.length == length, "struct child length mismatch");
    }
    return new ArrayData(Kind.STRUCT, length, validity, null, 0, null, 0, children);
  }

  /** Returns a copy with the given validity (null = all valid) and everything else shared. */
  public ArrayData withValidity(byte[] newValidity) {
    return new ArrayData(kind, length, newValidity, data, width, offsets, dimension, children);
  }

  public boolean isValid(int index) {
    return validity == null || Bitmaps.get(validity, index);
  }

  /** Copies slots {@code [from, to)} into a new array (leaf kinds and fixed-size lists). */
  public ArrayData slice(int from, int to) {
    if (from == 0 && to == length) {
      return this;
    }
    int n = to - from;
    byte[] newValidity = null;
    if (validity != null) {
      newValidity = new byte[Bitmaps.bytesFor(n)];
      Bitmaps.copy(validity, from, newValidity, 0, n);
    }
    switch (kind) {
      case NULL:
        return nulls(n);
      case FIXED: {
        byte[] out = new byte[n * width];
        System.arraycopy(data, from * width, out, 0, n * width);
        return fixed(n, width, out, newValidity);
      }
      case BITS: {
        byte[] out = new byte[Bitmaps.bytesFor(n)];
        Bitmaps.copy(data, from, out, 0, n);
        return bits(n, out, newValidity);
      }
      case VARIABLE: {
        int base = offsets[from];
        int[] newOffsets = new int[n + 1];
        for (int i = 0; i <= n; i++) {
          newOffsets[i] = offsets[from + i] - base;
        }
        byte[] out = new byte[newOffsets[n]];
        System.arraycopy(data, base, out, 0, out.length);
        return variable(n, newOffsets, out, newValidity);
      }
      case FIXED_LIST:
        return fixedList(n, dimension, children[0].slice(from * dimension, to * dimension), newValidity);
      default:
        throw new IllegalStateException("slice not supported for " + kind);
    }
  }

  /** Concatenates arrays of the same kind and shape (leaf kinds and fixed-size lists). */
  public static ArrayData concat(List<ArrayData> parts) {
    if (parts.size() == 1) {
      return parts.get(0);
    }
    ArrayData first = parts.get(0);
    int total = 0;
    boolean anyValidity = false;
    for (ArrayData part : parts) {
      DecodeException.check(part.kind == first.kind || part.kind == Kind.NULL || first.kind == Kind.NULL,
          "cannot combine pages of kind " + first.kind + " and " + part.kind);
      total = Math.addExact(total, part.length);
      anyValidity |= part.validity != null;
    }
    Kind kind = first.kind;
    for (ArrayData part : parts) {
      if (part.kind != Kind.NULL) {
        kind = part.kind;
        first = part;
        break;
      }
    }
    byte[] validity = null;
    if (anyValidity) {
      validity = new byte[Bitmaps.bytesFor(total)];
      int at = 0;
      for (ArrayData part : parts) {
        if (part.validity == null) {
          for (int i = 0; i < part.length; i++) {
            Bitmaps.set(validity, at + i);
          }
        } else {
          Bitmaps.copy(part.validity, 0, validity, at, part.length);
        }
        at += part.length;
      }
    }
    switch (kind) {
      case NULL:
        return nulls(total);
      case FIXED: {
        int width = first.width;
        byte[] out = new byte[Math.multiplyExact(total, width)];
        int at = 0;
        for (ArrayData part : parts) {
          if (part.kind != Kind.NULL) {
            DecodeException.check(part.width == width, "pages disagree on value width");
            System.arraycopy(part.data, 0, out, at, part.length * width);
          }
          at += part.length * width;
        }
        return fixed(total, width, out, validity);
      }
      case BITS: {
        byte[] out = new byte[Bitmaps.bytesFor(total)];
        int at = 0;
        for (ArrayData part : parts) {
          if (part.kind != Kind.NULL) {
            Bitmaps.copy(part.data, 0, out, at, part.length);
          }
          at += part.length;
        }
        return bits(total, out, validity);
      }
      case VARIABLE: {
        int bytes = 0;
        for (ArrayData part : parts) {
          if (part.kind != Kind.NULL) {
            bytes = Math.addExact(bytes, part.offsets[part.length]);
          }
        }
        int[] offsets = new int[total + 1];
        byte[] out = new byte[bytes];
        int at = 0;
        int byteAt = 0;
        for (ArrayData part : parts) {
          for (int i = 1; i <= part.length; i++) {
            offsets[at + i] = byteAt + (part.kind == Kind.NULL ? 0 : part.offsets[i]);
          }
          if (part.kind != Kind.NULL) {
            System.arraycopy(part.data, 0, out, byteAt, part.offsets[part.length]);
            byteAt += part.offsets[part.length];
          }
          at += part.length;
        }
        return variable(total, offsets, out, validity);
      }
      case FIXED_LIST: {
        int dimension = first.dimension;
        List<ArrayData> items = new java.util.ArrayList<>();
        for (ArrayData part : parts) {
          if (part.kind == Kind.NULL) {
            items.add(nullItemsLike(first.children[0], part.length * dimension));
          } else {
            DecodeException.check(part.dimension == dimension, "pages disagree on list dimension");
            items.add(part.children[0]);
          }
        }
        return fixedList(total, dimension, concat(items), validity);
      }
      default:
        throw new IllegalStateException("concat not supported for " + kind);
    }
  }

  /** An all-null array with the same physical shape as {@code like}. */
  public static ArrayData nullItemsLike(ArrayData like, int length) {
    byte[] validity = new byte[Bitmaps.bytesFor(length)];
    switch (like.kind) {
      case FIXED:
        return fixed(length, like.width, new byte[Math.multiplyExact(length, like.width)], validity);
      case BITS:
        return bits(length, new byte[Bitmaps.bytesFor(length)], validity);
      case VARIABLE:
        return variable(length, new int[length + 1], new byte[0], validity);
      case FIXED_LIST:
        return fixedList(length, like.dimension,
            nullItemsLike(like.children[0], Math.multiplyExact(length, like.dimension)), validity);
      default:
        return nulls(length);
    }
  }
}
