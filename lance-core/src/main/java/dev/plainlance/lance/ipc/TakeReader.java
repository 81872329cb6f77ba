package dev.plainlance.lance.ipc;

import dev.plainlance.lance.pb.table.DataFragment;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Rows at given physical locations, in request order, in batches of at most {@code batchSize} rows. Consecutive
 * requests for ascending offsets of one fragment are read as one range.
 */
final class TakeReader extends ArrowReader {
    /** One requested row: index into the fragment list and physical offset. */
    record Location(int fragment, int offset) {}

    private static final int MAX_RANGE = 1 << 16;

    private final RowSource rows;
    private final List<DataFragment> fragments;
    private final List<Location> locations;
    private final int batchSize;
    private final Map<Integer, RowSource.OpenFragment> open = new HashMap<>();
    private int next;

    TakeReader(RowSource rows, List<DataFragment> fragments, List<Location> locations, int batchSize,
            BufferAllocator allocator) {
        super(allocator);
        this.rows = rows;
        this.fragments = fragments;
        this.locations = locations;
        this.batchSize = batchSize;
    }

    @Override
    public boolean loadNextBatch() throws IOException {
        if (next >= locations.size()) {
            return false;
        }
        VectorSchemaRoot root = getVectorSchemaRoot();
        int end = Math.min(locations.size(), next + batchSize);
        for (FieldVector vector : root.getFieldVectors()) {
            vector.clear();
            vector.setInitialCapacity(end - next);
            vector.allocateNew();
        }
        int outRow = 0;
        while (next < end) {
            int runEnd = next + 1;
            Location first = locations.get(next);
            while (runEnd < end && locations.get(runEnd).fragment() == first.fragment()
                    && locations.get(runEnd).offset() > locations.get(runEnd - 1).offset()
                    && locations.get(runEnd).offset() - first.offset() < MAX_RANGE) {
                runEnd++;
            }
            int n = runEnd - next;
            int[] offsets = new int[n];
            for (int i = 0; i < n; i++) {
                offsets[i] = locations.get(next + i).offset();
            }
            int count = offsets[n - 1] - offsets[0] + 1;
            fragment(first.fragment()).copyRows(offsets[0], count, offsets, n, root, outRow);
            outRow += n;
            next = runEnd;
        }
        root.setRowCount(outRow);
        return true;
    }

    private RowSource.OpenFragment fragment(int index) {
        return open.computeIfAbsent(index, i -> rows.new OpenFragment(fragments.get(i)));
    }

    @Override
    public long bytesRead() {
        return 0;
    }

    @Override
    protected void closeReadSource() {
        open.values().forEach(RowSource.OpenFragment::close);
        open.clear();
    }

    @Override
    protected Schema readSchema() {
        return rows.schema();
    }
}
