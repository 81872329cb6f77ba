package dev.plainlance.lance.file.write;

import dev.plainlance.lance.pb.enc20.ArrayEncoding;
import dev.plainlance.lance.pb.enc20.Binary;
import dev.plainlance.lance.pb.enc20.Buffer;
import dev.plainlance.lance.pb.enc20.Dictionary;
import dev.plainlance.lance.pb.enc20.FixedSizeList;
import dev.plainlance.lance.pb.enc20.Flat;
import dev.plainlance.lance.pb.enc20.Nullable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.FieldVector;

/**
 * A 2.0 column of fixed-width values, booleans, fixed-size lists or strings/binaries. Pages are
 * {@code Nullable{no_nulls | some_nulls{validity Flat{1}} | all_nulls}} around {@code Flat} or {@code FixedSizeList}
 * values; strings are {@code Binary} with u64 end offsets where null rows are shifted by {@code null_adjustment},
 * or a {@code Dictionary} for pages of low-cardinality UTF-8 strings.
 */
final class V20LeafNode extends V20Node {
    /** Pages of at least this many strings with fewer distinct values get a dictionary (as in the official writer). */
    private static final int DICTIONARY_MIN_VALUES = 100;

    private static final int DICTIONARY_MAX_ITEMS = 99;

    private final boolean strings;
    private LeafValues values;
    /** A cleared value buffer whose page was written, reused for the next page. */
    private LeafValues spare;

    /** @param strings whether the column holds UTF-8 strings (the only type the 2.0 writer dictionary-encodes) */
    V20LeafNode(int column, LeafType type, boolean strings) {
        super(column);
        this.values = new LeafValues(type);
        this.strings = strings;
    }

    @Override
    void append(FieldVector vector, Runs runs) {
        for (int r = 0; r < runs.size(); r++) {
            values.append(vector, runs.start(r), runs.end(r));
        }
    }

    @Override
    void release() {
        values.release();
        if (spare != null) {
            spare.release();
            spare = null;
        }
    }

    @Override
    long bufferedBytes() {
        return values.byteSize();
    }

    @Override
    void flush(FileLayout layout) {
        if (values.count() == 0) {
            return;
        }
        LeafValues full = values;
        values = spare != null ? spare : LeafValues.sizedLike(full);
        spare = null;
        layout.submitPage(column, full.byteSize(), () -> page(full, strings), () -> {
            full.clear();
            if (spare != null) {
                spare.release();
            }
            spare = full;
        });
    }

    /** The page of {@code values}, whose buffers it shares. */
    private static EncodedPage page(LeafValues values, boolean strings) {
        List<Buf> buffers = new ArrayList<>();
        ArrayEncoding encoding = strings ? dictionary(values, buffers) : null;
        if (encoding == null) {
            encoding = values.type().kind() == LeafType.Kind.VARIABLE
                    ? binary(values, buffers)
                    : nullable(values.validity(), buffers, () -> fixed(values, buffers));
        }
        return new EncodedPage(buffers, Protos.any(Protos.ARRAY_ENCODING_20, encoding), values.count(), 0);
    }

    private static ArrayEncoding fixed(LeafValues values, List<Buf> buffers) {
        LeafType type = values.type();
        if (type.kind() != LeafType.Kind.FSL) {
            return flat(type.itemBits(), valueBuffer(values), buffers);
        }
        ArrayEncoding items =
                nullable(values.itemValidity(0), buffers, () -> flat(type.itemBits(), valueBuffer(values), buffers));
        return ArrayEncoding.newBuilder()
                .setFixedSizeList(FixedSizeList.newBuilder()
                        .setDimension(type.dimensions()[0])
                        .setItems(items))
                .build();
    }

    private static Buf valueBuffer(LeafValues values) {
        if (values.type().itemBits() == 1) {
            BitBuilder bits = values.bits();
            return new Buf(bits.array(), 0, (bits.length() + 7) >>> 3);
        }
        return Buf.of(values.bytes());
    }

    private static ArrayEncoding nullable(
            BitBuilder validity, List<Buf> buffers, java.util.function.Supplier<ArrayEncoding> inner) {
        Nullable.Builder nullable = Nullable.newBuilder();
        if (validity.allSet()) {
            nullable.setNoNulls(Nullable.NoNull.newBuilder().setValues(inner.get()));
        } else if (validity.noneSet()) {
            nullable.setAllNulls(Nullable.AllNull.getDefaultInstance());
        } else {
            ArrayEncoding bitmap = flat(1, new Buf(validity.array(), 0, (validity.length() + 7) >>> 3), buffers);
            nullable.setSomeNulls(
                    Nullable.SomeNull.newBuilder().setValidity(bitmap).setValues(inner.get()));
        }
        return ArrayEncoding.newBuilder().setNullable(nullable).build();
    }

    private static ArrayEncoding flat(long bits, Buf data, List<Buf> buffers) {
        int index = buffers.size();
        buffers.add(data);
        return ArrayEncoding.newBuilder()
                .setFlat(Flat.newBuilder()
                        .setBitsPerValue(bits)
                        .setBuffer(Buffer.newBuilder().setBufferIndex(index)))
                .build();
    }

    private static ArrayEncoding binary(LeafValues values, List<Buf> buffers) {
        return binary(values.ends(), values.validity(), values.count(), Buf.of(values.bytes()), buffers);
    }

    /** {@code Binary} of {@code n} values with the given u64 end offsets (null ones are shifted here, in place). */
    private static ArrayEncoding binary(GrowableBytes ends, BitBuilder validity, int n, Buf bytes, List<Buf> buffers) {
        long total = n == 0 ? 0 : GrowableBytes.getLong(ends.array(), 8 * (n - 1));
        long adjustment = total + 1;
        if (validity != null) {
            for (int i = 0; i < n; i++) {
                if (!validity.get(i)) {
                    GrowableBytes.setLong(ends.array(), 8 * i, GrowableBytes.getLong(ends.array(), 8 * i) + adjustment);
                }
            }
        }
        ArrayEncoding offsets = ArrayEncoding.newBuilder()
                .setNullable(Nullable.newBuilder()
                        .setNoNulls(Nullable.NoNull.newBuilder().setValues(flat(64, Buf.of(ends), buffers))))
                .build();
        return ArrayEncoding.newBuilder()
                .setBinary(Binary.newBuilder()
                        .setIndices(offsets)
                        .setBytes(flat(8, bytes, buffers))
                        .setNullAdjustment(adjustment))
                .build();
    }

    /**
     * {@code Dictionary{u8 indices (0 = null, k = item k - 1), Binary items}} when the page has at least 100 values
     * and at most 99 distinct non-null ones; otherwise null.
     */
    private static ArrayEncoding dictionary(LeafValues values, List<Buf> buffers) {
        int n = values.count();
        if (n < DICTIONARY_MIN_VALUES) {
            return null;
        }
        Map<ByteKey, Integer> ids = new HashMap<>();
        GrowableBytes itemBytes = new GrowableBytes(1 << 10);
        GrowableBytes itemEnds = new GrowableBytes(8 * DICTIONARY_MAX_ITEMS);
        byte[] indices = new byte[n];
        byte[] data = values.bytes().array();
        BitBuilder validity = values.validity();
        for (int i = 0; i < n; i++) {
            if (!validity.get(i)) {
                continue;
            }
            int start = Math.toIntExact(values.start(i));
            ByteKey key = new ByteKey(data, start, Math.toIntExact(values.end(i) - start));
            Integer id = ids.get(key);
            if (id == null) {
                if (ids.size() == DICTIONARY_MAX_ITEMS) {
                    return null;
                }
                id = ids.size();
                ids.put(key, id);
                itemBytes.put(data, key.offset(), key.length());
                itemEnds.putLong(itemBytes.size());
            }
            indices[i] = (byte) (id + 1);
        }
        if (ids.isEmpty()) {
            return null;
        }
        ArrayEncoding indexEncoding = ArrayEncoding.newBuilder()
                .setNullable(Nullable.newBuilder()
                        .setNoNulls(Nullable.NoNull.newBuilder().setValues(flat(8, Buf.of(indices), buffers))))
                .build();
        ArrayEncoding items = binary(itemEnds, null, ids.size(), Buf.of(itemBytes), buffers);
        return ArrayEncoding.newBuilder()
                .setDictionary(Dictionary.newBuilder()
                        .setIndices(indexEncoding)
                        .setItems(items)
                        .setNumDictionaryItems(ids.size()))
                .build();
    }
}
