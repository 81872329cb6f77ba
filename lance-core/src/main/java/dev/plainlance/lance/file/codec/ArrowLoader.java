package dev.plainlance.lance.file.codec;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.NullVector;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.LargeListVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.ipc.message.ArrowFieldNode;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/** Copies {@link ArrayData} into freshly allocated Arrow vectors with bulk buffer writes. */
public final class ArrowLoader {
    private ArrowLoader() {}

    /** Creates a vector for {@code field} holding {@code data}; the caller owns the vector. */
    public static FieldVector load(Field field, ArrayData data, BufferAllocator allocator) {
        FieldVector vector = field.createVector(allocator);
        try {
            fill(vector, data, allocator);
            return vector;
        } catch (RuntimeException e) {
            vector.close();
            throw e;
        }
    }

    /**
     * The bits of boolean values: packed, or one byte each (0 or 1), as official 2.1 writers store booleans in a
     * full-zip page (whose values must be whole bytes).
     */
    private static byte[] booleanBits(ArrayData data, ArrowType type) {
        if (data.kind == ArrayData.Kind.FIXED && data.width == 1) {
            byte[] bits = new byte[Bitmaps.bytesFor(data.length)];
            for (int i = 0; i < data.length; i++) {
                if (data.data[i] != 0) {
                    Bitmaps.set(bits, i);
                }
            }
            return bits;
        }
        return expect(data, ArrayData.Kind.BITS, type).data;
    }

    /** Replaces the contents of {@code vector} with {@code data}. */
    public static void fill(FieldVector vector, ArrayData data, BufferAllocator allocator) {
        ArrowType type = vector.getField().getType();
        int n = data.length;
        if (type.getTypeID() == ArrowType.ArrowTypeID.Null) {
            ((NullVector) vector).setValueCount(n);
            return;
        }
        byte[] validity = data.kind == ArrayData.Kind.NULL ? new byte[Bitmaps.bytesFor(n)] : data.validity;
        int nullCount = validity == null ? 0 : Bitmaps.countZeros(validity, n);
        List<ArrowBuf> buffers = new ArrayList<>(3);
        try {
            buffers.add(buffer(allocator, validity == null ? Bitmaps.allSet(n) : validity, Bitmaps.bytesFor(n)));
            switch (type.getTypeID()) {
                case Bool:
                    buffers.add(buffer(
                            allocator,
                            data.kind == ArrayData.Kind.NULL ? new byte[0] : booleanBits(data, type),
                            Bitmaps.bytesFor(n)));
                    break;
                case Utf8:
                case Binary:
                case LargeUtf8:
                case LargeBinary: {
                    boolean large = type.getTypeID() == ArrowType.ArrowTypeID.LargeUtf8
                            || type.getTypeID() == ArrowType.ArrowTypeID.LargeBinary;
                    int[] offsets = data.kind == ArrayData.Kind.NULL
                            ? new int[n + 1]
                            : expect(data, ArrayData.Kind.VARIABLE, type).offsets;
                    buffers.add(offsets(allocator, offsets, n, large));
                    buffers.add(
                            buffer(allocator, data.kind == ArrayData.Kind.NULL ? new byte[0] : data.data, offsets[n]));
                    break;
                }
                case FixedSizeList: {
                    FieldVector child = ((FixedSizeListVector) vector).getDataVector();
                    int dimension = ((ArrowType.FixedSizeList) type).getListSize();
                    ArrayData items = data.kind == ArrayData.Kind.NULL
                            ? ArrayData.nulls(Math.multiplyExact(n, dimension))
                            : expect(data, ArrayData.Kind.FIXED_LIST, type).children[0];
                    DecodeException.check(
                            data.kind == ArrayData.Kind.NULL || data.dimension == dimension,
                            "fixed-size-list dimension mismatch");
                    vector.loadFieldBuffers(new ArrowFieldNode(n, nullCount), buffers);
                    fill(child, items, allocator);
                    return;
                }
                case List:
                case LargeList: {
                    boolean large = type.getTypeID() == ArrowType.ArrowTypeID.LargeList;
                    FieldVector child =
                            large ? ((LargeListVector) vector).getDataVector() : ((ListVector) vector).getDataVector();
                    int[] offsets = data.kind == ArrayData.Kind.NULL
                            ? new int[n + 1]
                            : expect(data, ArrayData.Kind.LIST, type).offsets;
                    ArrayData items = data.kind == ArrayData.Kind.NULL ? ArrayData.nulls(0) : data.children[0];
                    buffers.add(offsets(allocator, offsets, n, large));
                    vector.loadFieldBuffers(new ArrowFieldNode(n, nullCount), buffers);
                    fill(child, items, allocator);
                    return;
                }
                case Struct: {
                    List<FieldVector> children = vector.getChildrenFromFields();
                    DecodeException.check(
                            data.kind == ArrayData.Kind.NULL
                                    || expect(data, ArrayData.Kind.STRUCT, type).children.length == children.size(),
                            "struct child count mismatch");
                    vector.loadFieldBuffers(new ArrowFieldNode(n, nullCount), buffers);
                    for (int i = 0; i < children.size(); i++) {
                        fill(
                                children.get(i),
                                data.kind == ArrayData.Kind.NULL ? ArrayData.nulls(n) : data.children[i],
                                allocator);
                    }
                    return;
                }
                default: {
                    int width = FixedWidths.byteWidth(type);
                    byte[] values = data.kind == ArrayData.Kind.NULL
                            ? new byte[0]
                            : expect(data, ArrayData.Kind.FIXED, type).data;
                    if (!(data.kind == ArrayData.Kind.NULL || data.width == width)) {
                        throw new DecodeException("value width " + data.width + " does not match " + type);
                    }
                    buffers.add(buffer(allocator, values, Math.multiplyExact(n, width)));
                }
            }
            vector.loadFieldBuffers(new ArrowFieldNode(n, nullCount), buffers);
        } finally {
            for (ArrowBuf buffer : buffers) {
                buffer.close();
            }
        }
    }

    private static ArrayData expect(ArrayData data, ArrayData.Kind kind, ArrowType type) {
        if (data.kind != kind) {
            throw new DecodeException("decoded " + data.kind + " data cannot form a " + type + " vector");
        }
        return data;
    }

    /**
     * Allocates {@code size} bytes, copies the available prefix of {@code bytes} and zeroes the
     * rest.
     */
    private static ArrowBuf buffer(BufferAllocator allocator, byte[] bytes, int size) {
        ArrowBuf buf = allocator.buffer(Math.max(size, 1));
        int copied = Math.min(size, bytes.length);
        buf.setBytes(0, bytes, 0, copied);
        if (copied < size) {
            buf.setZero(copied, size - copied);
        }
        buf.writerIndex(size);
        return buf;
    }

    private static ArrowBuf offsets(BufferAllocator allocator, int[] offsets, int n, boolean large) {
        int width = large ? 8 : 4;
        int size = Math.multiplyExact(n + 1, width);
        ArrowBuf buf = allocator.buffer(size);
        try {
            ByteBuffer view = buf.nioBuffer(0, size).order(ByteOrder.LITTLE_ENDIAN);
            if (large) {
                LongBuffer longs = view.asLongBuffer();
                for (int i = 0; i <= n; i++) {
                    longs.put(i, offsets[i]);
                }
            } else {
                view.asIntBuffer().put(offsets, 0, n + 1);
            }
            buf.writerIndex(size);
            return buf;
        } catch (RuntimeException e) {
            buf.close();
            throw e;
        }
    }
}
