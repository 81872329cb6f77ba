package dev.plainlance.lance.file.write;

import dev.plainlance.lance.pb.enc20.ArrayEncoding;
import dev.plainlance.lance.pb.enc20.Buffer;
import dev.plainlance.lance.pb.enc20.Flat;
import dev.plainlance.lance.pb.enc20.Nullable;
import java.util.List;
import org.apache.arrow.vector.FieldVector;

/**
 * The offsets column of a 2.0 list: one u64 per row, the end of the row's items relative to the page's first item,
 * plus {@code num_items + 1} for null rows. The items of valid rows go to the item column.
 */
final class V20ListNode extends V20Node {
    private final V20Node items;
    private final GrowableBytes ends = new GrowableBytes(1 << 12);
    private final BitBuilder validity = new BitBuilder();
    private long itemCount;

    V20ListNode(int column, V20Node items) {
        super(column);
        this.items = items;
    }

    @Override
    void append(FieldVector vector, Runs runs) {
        Runs childRuns = new Runs();
        boolean nulls = vector.getNullCount() > 0;
        for (int r = 0; r < runs.size(); r++) {
            for (int j = runs.start(r); j < runs.end(r); j++) {
                boolean valid = !nulls || !vector.isNull(j);
                if (valid) {
                    int start = Math.toIntExact(LeafPath.listStart(vector, j));
                    int end = Math.toIntExact(LeafPath.listStart(vector, j + 1));
                    childRuns.add(start, end);
                    itemCount += end - start;
                }
                validity.append(valid);
                ends.putLong(itemCount);
            }
        }
        items.append(vector.getChildrenFromFields().get(0), childRuns);
    }

    @Override
    long bufferedBytes() {
        return Math.max(ends.size(), items.bufferedBytes());
    }

    @Override
    void flush(FileLayout layout) {
        int rows = validity.length();
        if (rows > 0) {
            long adjustment = itemCount + 1;
            byte[] offsets = ends.array();
            for (int i = 0; i < rows; i++) {
                if (!validity.get(i)) {
                    GrowableBytes.setLong(offsets, 8 * i, GrowableBytes.getLong(offsets, 8 * i) + adjustment);
                }
            }
            ArrayEncoding flat = ArrayEncoding.newBuilder()
                    .setFlat(Flat.newBuilder()
                            .setBitsPerValue(64)
                            .setBuffer(Buffer.newBuilder().setBufferIndex(0)))
                    .build();
            ArrayEncoding encoding = ArrayEncoding.newBuilder()
                    .setList(dev.plainlance.lance.pb.enc20.List.newBuilder()
                            .setOffsets(ArrayEncoding.newBuilder()
                                    .setNullable(Nullable.newBuilder()
                                            .setNoNulls(
                                                    Nullable.NoNull.newBuilder().setValues(flat))))
                            .setNullOffsetAdjustment(adjustment)
                            .setNumItems(itemCount))
                    .build();
            layout.writePage(
                    column,
                    new EncodedPage(List.of(Buf.of(ends)), Protos.any(Protos.ARRAY_ENCODING_20, encoding), rows, 0));
            ends.clear();
            validity.clear();
            itemCount = 0;
        }
        items.flush(layout);
    }

    @Override
    void release() {
        items.release();
    }

    @Override
    void finish(FileLayout layout) {
        flush(layout);
        items.finish(layout);
    }
}
