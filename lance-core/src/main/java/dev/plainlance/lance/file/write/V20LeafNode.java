package dev.plainlance.lance.file.write;

import dev.plainlance.lance.pb.enc20.ArrayEncoding;
import dev.plainlance.lance.pb.enc20.Binary;
import dev.plainlance.lance.pb.enc20.Buffer;
import dev.plainlance.lance.pb.enc20.FixedSizeList;
import dev.plainlance.lance.pb.enc20.Flat;
import dev.plainlance.lance.pb.enc20.Nullable;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.FieldVector;

/**
 * A 2.0 column of fixed-width values, booleans, fixed-size lists or strings/binaries. Pages are
 * {@code Nullable{no_nulls | some_nulls{validity Flat{1}} | all_nulls}} around {@code Flat} or {@code FixedSizeList}
 * values; strings are {@code Binary} with u64 end offsets where null rows are shifted by {@code null_adjustment}.
 */
final class V20LeafNode extends V20Node {
    private final LeafValues values;

    V20LeafNode(int column, LeafType type) {
        super(column);
        this.values = new LeafValues(type);
    }

    @Override
    void append(FieldVector vector, Runs runs) {
        for (int r = 0; r < runs.size(); r++) {
            values.append(vector, runs.start(r), runs.end(r));
        }
    }

    @Override
    long bufferedBytes() {
        return values.byteSize();
    }

    @Override
    void flush(FileLayout layout) {
        int n = values.count();
        if (n == 0) {
            return;
        }
        List<Buf> buffers = new ArrayList<>();
        ArrayEncoding encoding = values.type().kind() == LeafType.Kind.VARIABLE ? binary(buffers)
                : nullable(values.validity(), buffers, () -> fixed(buffers));
        layout.writePage(column, new EncodedPage(buffers, Protos.any(Protos.ARRAY_ENCODING_20, encoding), n, 0));
        values.clear();
    }

    private ArrayEncoding fixed(List<Buf> buffers) {
        LeafType type = values.type();
        if (type.kind() != LeafType.Kind.FSL) {
            return flat(type.itemBits(), valueBuffer(), buffers);
        }
        ArrayEncoding items = nullable(values.itemValidity(0), buffers,
                () -> flat(type.itemBits(), valueBuffer(), buffers));
        return ArrayEncoding.newBuilder().setFixedSizeList(FixedSizeList.newBuilder()
                .setDimension(type.dimensions()[0])
                .setItems(items)).build();
    }

    private Buf valueBuffer() {
        if (values.type().itemBits() == 1) {
            BitBuilder bits = values.bits();
            return new Buf(bits.array(), 0, (bits.length() + 7) >>> 3);
        }
        return Buf.of(values.bytes());
    }

    private static ArrayEncoding nullable(BitBuilder validity, List<Buf> buffers,
            java.util.function.Supplier<ArrayEncoding> inner) {
        Nullable.Builder nullable = Nullable.newBuilder();
        if (validity.allSet()) {
            nullable.setNoNulls(Nullable.NoNull.newBuilder().setValues(inner.get()));
        } else if (validity.noneSet()) {
            nullable.setAllNulls(Nullable.AllNull.getDefaultInstance());
        } else {
            ArrayEncoding bitmap = flat(1, new Buf(validity.array(), 0, (validity.length() + 7) >>> 3), buffers);
            nullable.setSomeNulls(Nullable.SomeNull.newBuilder().setValidity(bitmap).setValues(inner.get()));
        }
        return ArrayEncoding.newBuilder().setNullable(nullable).build();
    }

    private static ArrayEncoding flat(long bits, Buf data, List<Buf> buffers) {
        int index = buffers.size();
        buffers.add(data);
        return ArrayEncoding.newBuilder().setFlat(Flat.newBuilder()
                .setBitsPerValue(bits)
                .setBuffer(Buffer.newBuilder().setBufferIndex(index))).build();
    }

    private ArrayEncoding binary(List<Buf> buffers) {
        int n = values.count();
        long total = n == 0 ? 0 : values.end(n - 1);
        long adjustment = total + 1;
        GrowableBytes indices = new GrowableBytes(8 * n);
        BitBuilder validity = values.validity();
        for (int i = 0; i < n; i++) {
            indices.putLong(validity.get(i) ? values.end(i) : values.end(i) + adjustment);
        }
        ArrayEncoding offsets = ArrayEncoding.newBuilder().setNullable(Nullable.newBuilder()
                .setNoNulls(Nullable.NoNull.newBuilder().setValues(flat(64, Buf.of(indices), buffers)))).build();
        ArrayEncoding bytes = flat(8, Buf.of(values.bytes()), buffers);
        return ArrayEncoding.newBuilder().setBinary(Binary.newBuilder()
                .setIndices(offsets)
                .setBytes(bytes)
                .setNullAdjustment(adjustment)).build();
    }
}
