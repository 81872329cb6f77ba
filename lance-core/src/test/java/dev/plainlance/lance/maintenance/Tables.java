package dev.plainlance.lance.maintenance;

import dev.plainlance.jsonl.CanonicalJsonLines;
import dev.plainlance.lance.Dataset;
import dev.plainlance.lance.ReadOptions;
import dev.plainlance.lance.WriteParams;
import dev.plainlance.lance.arrow.ArrowReaders;
import dev.plainlance.lance.io.LocalStorage;
import dev.plainlance.lance.ipc.ScanOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/** Small test tables: {@code id} (int64) and {@code name} (nullable utf8, null every 5th id), one fragment each. */
public final class Tables {
    public static final Schema SCHEMA = new Schema(List.of(
            new Field("id", FieldType.notNullable(new ArrowType.Int(64, true)), null),
            new Field("name", FieldType.nullable(new ArrowType.Utf8()), null)));

    private Tables() {}

    /** A clock tests move forward by hand. */
    public static final class ManualClock extends Clock {
        private Instant now;

        public ManualClock(Instant start) {
            this.now = start;
        }

        public void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    /**
     * Creates a dataset with one fragment per entry of {@code sizes} (ids consecutive from 0), each written as a
     * separate version; returns it opened at the latest version.
     */
    public static Dataset create(Path dir, Clock clock, boolean stableRowIds, int... sizes) throws IOException {
        LocalStorage storage = new LocalStorage(dir);
        long next = 0;
        for (int i = 0; i < sizes.length; i++) {
            WriteParams params = new WriteParams.Builder()
                    .withMode(i == 0 ? WriteParams.WriteMode.CREATE : WriteParams.WriteMode.APPEND)
                    .withEnableStableRowIds(stableRowIds)
                    .build();
            write(storage, dir, next, sizes[i], params, clock);
            next += sizes[i];
        }
        return Dataset.open(
                storage,
                dir.toString(),
                new ReadOptions.Builder().setClock(clock).build());
    }

    /** Appends ids {@code from .. from + rows} as a new fragment. */
    public static void append(Path dir, long from, int rows, Clock clock) throws IOException {
        write(
                new LocalStorage(dir),
                dir,
                from,
                rows,
                new WriteParams.Builder().withMode(WriteParams.WriteMode.APPEND).build(),
                clock);
    }

    /** Replaces the content with ids {@code 0 .. rows} (an Overwrite). */
    public static void overwrite(Path dir, int rows) throws IOException {
        write(
                new LocalStorage(dir),
                dir,
                0,
                rows,
                new WriteParams.Builder()
                        .withMode(WriteParams.WriteMode.OVERWRITE)
                        .build(),
                Clock.systemUTC());
    }

    private static void write(LocalStorage storage, Path dir, long from, int rows, WriteParams params, Clock clock)
            throws IOException {
        try (BufferAllocator allocator = new org.apache.arrow.memory.RootAllocator();
                VectorSchemaRoot root = batch(allocator, from, rows);
                ArrowReader reader = ArrowReaders.of(SCHEMA, List.of(root), allocator)) {
            Dataset.write(storage, dir.toString(), reader, params, clock).close();
        }
    }

    private static VectorSchemaRoot batch(BufferAllocator allocator, long from, int rows) {
        VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator);
        root.allocateNew();
        BigIntVector id = (BigIntVector) root.getVector("id");
        VarCharVector name = (VarCharVector) root.getVector("name");
        for (int i = 0; i < rows; i++) {
            id.setSafe(i, from + i);
            if ((from + i) % 5 == 0) {
                name.setNull(i);
            } else {
                name.setSafe(i, ("n" + (from + i)).getBytes(StandardCharsets.UTF_8));
            }
        }
        root.setRowCount(rows);
        return root;
    }

    /** Every row of the dataset's version as canonical JSON, in scan order. */
    public static List<String> rows(Dataset ds, ScanOptions options) throws IOException {
        List<String> out = new ArrayList<>();
        try (ArrowReader r = ds.newScan(options).scanBatches()) {
            CanonicalJsonLines json = new CanonicalJsonLines();
            while (r.loadNextBatch()) {
                for (int i = 0; i < r.getVectorSchemaRoot().getRowCount(); i++) {
                    StringBuilder sb = new StringBuilder();
                    json.appendRow(r.getVectorSchemaRoot(), i, sb);
                    out.add(sb.toString());
                }
            }
        }
        return out;
    }

    public static List<String> rows(Dataset ds) throws IOException {
        return rows(ds, ScanOptions.defaults());
    }
}
