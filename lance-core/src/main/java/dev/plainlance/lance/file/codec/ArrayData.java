package dev.plainlance.lance.file.codec;

import java.util.ArrayList;
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

    private ArrayData(
            Kind kind,
            int length,
            byte[] validity,
            byte[] data,
            int width,
            int[] offsets,
            int dimension,
            ArrayData[] children) {
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
        DecodeException.check(
                offsets.length >= length + 1 && offsets[0] == 0 && offsets[length] <= data.length,
                "variable-width offsets out of range");
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

    /** Copies slots {@code [from, to)} into a new array. */
    public ArrayData slice(int from, int to) {
        if (from == 0 && to == length) {
            return this;
        }
        return concat(List.of(this), from, to);
    }

    /** Concatenates arrays of the same kind and shape. */
    public static ArrayData concat(List<ArrayData> parts) {
        if (parts.size() == 1) {
            return parts.get(0);
        }
        long total = 0;
        for (ArrayData part : parts) {
            total += part.length;
        }
        return concat(parts, 0, DecodeException.toInt(total, "concatenated length"));
    }

    /**
     * Copies slots {@code [from, to)} of the concatenation of {@code parts} (same kind and shape;
     * all-null parts may be mixed in) into one new array.
     */
    public static ArrayData concat(List<ArrayData> parts, int from, int to) {
        int total = 0;
        for (ArrayData part : parts) {
            total = Math.addExact(total, part.length);
        }
        DecodeException.check(from >= 0 && from <= to && to <= total, "range outside the arrays");
        List<Segment> segments = new ArrayList<>(parts.size());
        int start = 0;
        for (ArrayData part : parts) {
            int a = Math.max(from, start) - start;
            int b = Math.min(to, start + part.length) - start;
            if (a < b) {
                segments.add(new Segment(part, a, b));
            }
            start += part.length;
        }
        return copy(parts, segments, to - from);
    }

    /**
     * Copies the slots {@code positions[i] - base} for {@code i} in {@code [from, to)} (ascending) into a new array;
     * runs of adjacent slots are copied at once.
     */
    public ArrayData pick(int[] positions, int from, int to, long base) {
        List<Segment> runs = new ArrayList<>();
        int i = from;
        while (i < to) {
            long first = positions[i] - base;
            int end = i + 1;
            while (end < to && positions[end] == positions[end - 1] + 1) {
                end++;
            }
            long last = positions[end - 1] - base + 1;
            DecodeException.check(first >= 0 && first < last && last <= length, "picked slot outside the array");
            runs.add(new Segment(this, (int) first, (int) last));
            i = end;
        }
        return copy(List.of(this), runs, to - from);
    }

    /** Slots {@code [from, to)} of {@code array}. */
    private record Segment(ArrayData array, int from, int to) {
        int count() {
            return to - from;
        }
    }

    /**
     * Copies {@code segments} (of {@code n} slots in all) of arrays of one kind and shape; {@code like} are the
     * arrays the segments come from (all-null ones may be mixed in).
     */
    private static ArrayData copy(List<ArrayData> like, List<Segment> segments, int n) {
        ArrayData shape = null;
        boolean anyValidity = false;
        for (ArrayData part : like) {
            if (part.kind != Kind.NULL) {
                if (shape == null) {
                    shape = part;
                } else if (part.kind != shape.kind
                        || part.width != shape.width
                        || part.dimension != shape.dimension
                        || (part.children != null && part.children.length != shape.children.length)) {
                    throw new DecodeException("cannot combine pages of kind " + shape.kind + " and " + part.kind);
                }
            }
            anyValidity |= part.validity != null;
        }
        if (shape == null) {
            return nulls(n);
        }
        byte[] validity = anyValidity ? new byte[Bitmaps.bytesFor(n)] : null;
        byte[] data = null;
        int[] offsets = null;
        int childCount = shape.children == null ? 0 : shape.children.length;
        List<List<Segment>> childSegments = new ArrayList<>(childCount);
        for (int k = 0; k < childCount; k++) {
            childSegments.add(new ArrayList<>());
        }
        switch (shape.kind) {
            case FIXED:
                data = new byte[Math.multiplyExact(n, shape.width)];
                break;
            case BITS:
                data = new byte[Bitmaps.bytesFor(n)];
                break;
            case VARIABLE: {
                long bytes = 0;
                for (Segment segment : segments) {
                    ArrayData part = segment.array;
                    if (part.kind != Kind.NULL) {
                        bytes += part.offsets[segment.to] - part.offsets[segment.from];
                    }
                }
                data = new byte[DecodeException.toInt(bytes, "concatenated bytes")];
                offsets = new int[n + 1];
                break;
            }
            case LIST:
                offsets = new int[n + 1];
                break;
            case FIXED_LIST:
            case STRUCT:
                break;
            default:
                throw new IllegalStateException("concat not supported for " + shape.kind);
        }
        int at = 0;
        int byteAt = 0;
        for (Segment segment : segments) {
            ArrayData part = segment.array;
            int a = segment.from;
            int b = segment.to;
            int count = segment.count();
            if (validity != null) {
                if (part.kind == Kind.NULL || part.validity != null) {
                    Bitmaps.copy(part.validity, a, validity, at, count);
                } else {
                    for (int i = 0; i < count; i++) {
                        Bitmaps.set(validity, at + i);
                    }
                }
            }
            boolean nulls = part.kind == Kind.NULL;
            switch (shape.kind) {
                case FIXED:
                    if (!nulls) {
                        System.arraycopy(part.data, a * shape.width, data, at * shape.width, count * shape.width);
                    }
                    break;
                case BITS:
                    if (!nulls) {
                        Bitmaps.copy(part.data, a, data, at, count);
                    }
                    break;
                case VARIABLE:
                case LIST: {
                    int base = nulls ? 0 : part.offsets[a];
                    for (int i = 1; i <= count; i++) {
                        offsets[at + i] = byteAt + (nulls ? 0 : part.offsets[a + i] - base);
                    }
                    int length = nulls ? 0 : part.offsets[b] - base;
                    if (shape.kind == Kind.VARIABLE) {
                        if (length > 0) {
                            System.arraycopy(part.data, base, data, byteAt, length);
                        }
                    } else if (length > 0) {
                        childSegments.get(0).add(new Segment(part.children[0], base, base + length));
                    }
                    byteAt = Math.addExact(byteAt, length);
                    break;
                }
                case FIXED_LIST:
                    childSegments
                            .get(0)
                            .add(
                                    nulls
                                            ? new Segment(
                                                    nullItemsLike(shape.children[0], count * shape.dimension),
                                                    0,
                                                    count * shape.dimension)
                                            : new Segment(part.children[0], a * shape.dimension, b * shape.dimension));
                    break;
                default:
                    for (int k = 0; k < childCount; k++) {
                        childSegments
                                .get(k)
                                .add(
                                        nulls
                                                ? new Segment(nullItemsLike(shape.children[k], count), 0, count)
                                                : new Segment(part.children[k], a, b));
                    }
            }
            at += count;
        }
        switch (shape.kind) {
            case FIXED:
                return fixed(n, shape.width, data, validity);
            case BITS:
                return bits(n, data, validity);
            case VARIABLE:
                return variable(n, offsets, data, validity);
            case LIST:
                return list(n, offsets, copyChild(shape.children[0], childSegments.get(0), byteAt), validity);
            case FIXED_LIST:
                return fixedList(
                        n,
                        shape.dimension,
                        copyChild(shape.children[0], childSegments.get(0), n * shape.dimension),
                        validity);
            default: {
                ArrayData[] children = new ArrayData[childCount];
                for (int k = 0; k < childCount; k++) {
                    children[k] = copyChild(shape.children[k], childSegments.get(k), n);
                }
                return struct(n, children, validity);
            }
        }
    }

    /** Copies the segments of a child, shaped like {@code shape}'s child {@code like}. */
    private static ArrayData copyChild(ArrayData like, List<Segment> segments, int n) {
        List<ArrayData> arrays = new ArrayList<>(segments.size() + 1);
        arrays.add(like);
        for (Segment segment : segments) {
            arrays.add(segment.array);
        }
        return copy(arrays, segments, n);
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
                return fixedList(
                        length,
                        like.dimension,
                        nullItemsLike(like.children[0], Math.multiplyExact(length, like.dimension)),
                        validity);
            default:
                return nulls(length);
        }
    }
}
