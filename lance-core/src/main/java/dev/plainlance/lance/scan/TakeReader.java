package dev.plainlance.lance.scan;

import dev.plainlance.lance.pb.table.DataFragment;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Rows at given physical locations, in request order, in batches of at most {@code batchSize} rows. Within a
 * batch, the requests of each fragment are served in offset order by one picking read
 * ({@link RowSource.OpenFragment#copyPicked}), which decodes only what the taken rows need.
 */
final class TakeReader extends ArrowReader {
    /** One requested row: index into the fragment list and physical offset. */
    record Location(int fragment, int offset) {}

    private final RowSource rows;
    private final List<DataFragment> fragments;
    private final List<Location> locations;
    private final int batchSize;
    private final ForkJoinPool workers;
    private final Map<Integer, RowSource.OpenFragment> open = new HashMap<>();
    private int next;

    TakeReader(
            RowSource rows,
            List<DataFragment> fragments,
            List<Location> locations,
            int batchSize,
            BufferAllocator allocator,
            ForkJoinPool workers) {
        super(allocator);
        this.workers = workers;
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
        Map<Integer, List<int[]>> byFragment = new TreeMap<>();
        for (int i = next; i < end; i++) {
            Location location = locations.get(i);
            byFragment
                    .computeIfAbsent(location.fragment(), f -> new ArrayList<>())
                    .add(new int[] {location.offset(), i - next});
        }
        // Stage each fragment's rows in offset order, then copy them out in request order: variable-width
        // vectors can only be filled in row order.
        VectorSchemaRoot[] sourceRoot = new VectorSchemaRoot[end - next];
        int[] sourceRow = new int[end - next];
        List<VectorSchemaRoot> staged = new ArrayList<>();
        try {
            List<ForkJoinTask<Throwable>> tasks = new ArrayList<>();
            for (Map.Entry<Integer, List<int[]>> group : byFragment.entrySet()) {
                int[][] entries = group.getValue().toArray(int[][]::new);
                Arrays.sort(entries, Comparator.comparingInt(e -> e[0]));
                VectorSchemaRoot stage = VectorSchemaRoot.create(rows.schema(), allocator);
                staged.add(stage);
                stage.allocateNew();
                RowSource.OpenFragment fragment = fragment(group.getKey());
                // a row taken twice is read once
                int[] offsets =
                        Arrays.stream(entries).mapToInt(e -> e[0]).distinct().toArray();
                tasks.add(ForkJoinTask.adapt(() -> {
                    try {
                        fragment.copyPicked(offsets, stage);
                        stage.setRowCount(offsets.length);
                        return null;
                    } catch (RuntimeException | Error e) {
                        return e;
                    }
                }));
                for (int k = 0, row = -1; k < entries.length; k++) {
                    if (k == 0 || entries[k][0] != entries[k - 1][0]) {
                        row++;
                    }
                    sourceRoot[entries[k][1]] = stage;
                    sourceRow[entries[k][1]] = row;
                }
            }
            stageAll(tasks);
            for (int c = 0; c < root.getFieldVectors().size(); c++) {
                FieldVector target = root.getVector(c);
                for (int r = 0; r < end - next; r++) {
                    target.copyFromSafe(sourceRow[r], r, sourceRoot[r].getVector(c));
                }
            }
        } finally {
            staged.forEach(VectorSchemaRoot::close);
        }
        root.setRowCount(end - next);
        next = end;
        return true;
    }

    /**
     * Runs the fragments' stagings: beside each other on the worker pool when there are several (each touches only
     * its own fragment and stage), else here. After all have ended, the failure of the first failed one in fragment
     * order is rethrown, the very object it raised.
     */
    private void stageAll(List<ForkJoinTask<Throwable>> tasks) {
        if (tasks.size() == 1) {
            tasks.get(0).invoke();
        } else {
            tasks.forEach(workers::execute);
        }
        List<Throwable> failures = new ArrayList<>();
        for (ForkJoinTask<Throwable> task : tasks) {
            failures.add(task.join());
        }
        for (Throwable failure : failures) {
            if (failure instanceof RuntimeException e) {
                throw e;
            }
            if (failure instanceof Error e) {
                throw e;
            }
        }
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
