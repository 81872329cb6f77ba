package dev.plainlance.recovery;

import dev.plainlance.catalog.CatalogOptions;
import dev.plainlance.catalog.Ulid;
import dev.plainlance.lance.Dataset;
import dev.plainlance.lance.arrow.ArrowReaders;
import dev.plainlance.lance.env.Retry;
import dev.plainlance.lance.ipc.LanceScanner;
import dev.plainlance.lance.ipc.ScanOptions;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/** Test rows (id, name), deterministic options and readers of a catalog's visible state. */
final class Tables {
    static final Schema SCHEMA = new Schema(List.of(
            Field.notNullable("id", new ArrowType.Int(64, true)), Field.nullable("name", ArrowType.Utf8.INSTANCE)));

    private Tables() {}

    /** A clock tests can move forward. */
    static final class MovableClock extends Clock {
        private Instant now = Instant.parse("2026-11-22T10:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    static RecoveryOptions options(Clock clock, long seed, Duration lease) {
        AtomicLong counter = new AtomicLong();
        return new RecoveryOptions(
                new CatalogOptions(
                        clock,
                        new Ulid(clock, new Random(seed)),
                        () -> new UUID(seed, counter.incrementAndGet()),
                        Retry.immediate(10, seed)),
                lease,
                "test-writer");
    }

    static RecoveryOptions options(long seed) {
        return options(Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC), seed, Duration.ZERO);
    }

    /** Rows {@code first .. first+count-1}, named "n{id}". */
    static ArrowReader rows(BufferAllocator allocator, long first, int count) {
        VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator);
        BigIntVector ids = (BigIntVector) root.getVector("id");
        VarCharVector names = (VarCharVector) root.getVector("name");
        for (int i = 0; i < count; i++) {
            ids.setSafe(i, first + i);
            names.setSafe(i, ("n" + (first + i)).getBytes(StandardCharsets.UTF_8));
        }
        root.setRowCount(count);
        ArrowReader reader = ArrowReaders.of(SCHEMA, List.of(root), allocator);
        return new ArrowReader(allocator) {
            @Override
            public boolean loadNextBatch() throws java.io.IOException {
                boolean loaded = reader.loadNextBatch();
                if (loaded) {
                    try (var batch =
                            new org.apache.arrow.vector.VectorUnloader(reader.getVectorSchemaRoot()).getRecordBatch()) {
                        new org.apache.arrow.vector.VectorLoader(getVectorSchemaRoot()).load(batch);
                    }
                }
                return loaded;
            }

            @Override
            public long bytesRead() {
                return 0;
            }

            @Override
            protected void closeReadSource() throws java.io.IOException {
                reader.close();
                root.close();
            }

            @Override
            protected Schema readSchema() {
                return SCHEMA;
            }
        };
    }

    /** The ids of a dataset, sorted. */
    static List<Long> ids(Dataset dataset) {
        List<Long> out = new ArrayList<>();
        try (LanceScanner scanner = dataset.newScan(
                        new ScanOptions.Builder().columns(List.of("id")).build());
                ArrowReader batches = scanner.scanBatches()) {
            while (batches.loadNextBatch()) {
                BigIntVector ids = (BigIntVector) batches.getVectorSchemaRoot().getVector("id");
                for (int i = 0; i < batches.getVectorSchemaRoot().getRowCount(); i++) {
                    out.add(ids.get(i));
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        out.sort(null);
        return out;
    }

    /** What a reader sees: every table's ids at its main-branch pin. */
    static Map<String, List<Long>> visible(CatalogSession session) {
        Map<String, List<Long>> out = new TreeMap<>();
        for (String key : session.snapshot().pins("main").keySet()) {
            try (Dataset table = session.openTable(key)) {
                out.put(key, ids(table));
            }
        }
        return out;
    }
}
