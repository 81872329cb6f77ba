package dev.plainlance.interop.concurrent;

import dev.plainlance.lance.Dataset;
import dev.plainlance.lance.WriteParams;
import dev.plainlance.lance.arrow.ArrowReaders;
import dev.plainlance.lance.commit.CommitConflictException;
import dev.plainlance.lance.merge.MergeInsertParams;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * One writer process of {@link MultiProcessCommitTest}: {@code <dataset> <worker> <operations> <seed> <ackLog>}.
 * It appends rows with ids owned by this worker, deletes rows it appended earlier, and merge-inserts (upserts) one
 * of its rows with a new payload plus one new row, always through a fresh {@link Dataset#open} so every commit
 * races the other processes. After each commit returns it appends one line to its acknowledgement log and forces
 * it to disk: {@code version uuid append ids...}, {@code version uuid delete id} or
 * {@code version uuid merge updatedId newPayload insertedId}. An operation whose commit
 * keeps losing races is retried from a fresh open; any other failure ends the process with a non-zero status.
 */
public final class ConcurrentWriterMain {
    static final Schema SCHEMA = new Schema(List.of(
            org.apache.arrow.vector.types.pojo.Field.notNullable(
                    "id", new org.apache.arrow.vector.types.pojo.ArrowType.Int(64, true)),
            org.apache.arrow.vector.types.pojo.Field.notNullable(
                    "worker", new org.apache.arrow.vector.types.pojo.ArrowType.Int(32, true)),
            org.apache.arrow.vector.types.pojo.Field.nullable(
                    "payload", org.apache.arrow.vector.types.pojo.ArrowType.Utf8.INSTANCE)));
    static final int ROWS_PER_APPEND = 3;

    private ConcurrentWriterMain() {}

    public static void main(String[] args) throws Exception {
        String uri = args[0];
        int worker = Integer.parseInt(args[1]);
        int operations = Integer.parseInt(args[2]);
        Random random = new Random(Long.parseLong(args[3]));
        Path ackLog = Path.of(args[4]);
        List<Long> live = new ArrayList<>();
        long nextId = (long) worker * 1_000_000;
        try (BufferAllocator allocator = new RootAllocator();
                FileChannel acks = FileChannel.open(
                        ackLog, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            for (int op = 0; op < operations; op++) {
                int kind = live.isEmpty() ? 0 : random.nextInt(4);
                String line;
                if (kind == 1) {
                    long victim = live.remove(random.nextInt(live.size()));
                    line = commitWithRetries(uri, allocator, ds -> {
                                ds.delete("id = " + victim);
                                return ds;
                            })
                            + " delete " + victim;
                } else if (kind == 2) {
                    long updated = live.get(random.nextInt(live.size()));
                    long inserted = nextId++;
                    String payload = "w" + worker + "-" + updated + "-m" + op;
                    line = commitWithRetries(
                                    uri,
                                    allocator,
                                    ds -> merge(ds, allocator, worker, new long[] {updated, inserted}, new String[] {
                                        payload, "w" + worker + "-" + inserted
                                    }))
                            + " merge " + updated + " " + payload + " " + inserted;
                    live.add(inserted);
                } else {
                    long first = nextId;
                    nextId += ROWS_PER_APPEND;
                    line = commitWithRetries(uri, allocator, ds -> append(ds, allocator, worker, first)) + " append "
                            + idsFrom(first);
                    for (int k = 0; k < ROWS_PER_APPEND; k++) {
                        live.add(first + k);
                    }
                }
                acks.write(ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8)));
                acks.force(true);
            }
        }
    }

    /** Applies one change to {@code dataset}; returns the dataset showing the version it committed. */
    private interface Operation {
        Dataset apply(Dataset dataset) throws IOException;
    }

    /** Runs {@code operation} on a fresh open until it commits; returns "version uuid" of its commit. */
    private static String commitWithRetries(String uri, BufferAllocator allocator, Operation operation)
            throws IOException {
        for (int attempt = 1; ; attempt++) {
            try (Dataset dataset = Dataset.open(uri, allocator)) {
                Dataset committed = operation.apply(dataset);
                try {
                    return committed.version() + " "
                            + committed.readTransaction().orElseThrow().uuid();
                } finally {
                    if (committed != dataset) {
                        committed.close();
                    }
                }
            } catch (CommitConflictException lost) {
                if (attempt == 20) {
                    throw lost;
                }
            }
        }
    }

    private static Dataset append(Dataset dataset, BufferAllocator allocator, int worker, long first)
            throws IOException {
        try (VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator)) {
            BigIntVector ids = (BigIntVector) root.getVector("id");
            IntVector workers = (IntVector) root.getVector("worker");
            VarCharVector payloads = (VarCharVector) root.getVector("payload");
            for (int k = 0; k < ROWS_PER_APPEND; k++) {
                ids.setSafe(k, first + k);
                workers.setSafe(k, worker);
                payloads.setSafe(k, ("w" + worker + "-" + (first + k)).getBytes(StandardCharsets.UTF_8));
            }
            root.setRowCount(ROWS_PER_APPEND);
            try (var reader = ArrowReaders.of(SCHEMA, List.of(root), allocator)) {
                return Dataset.create(
                        allocator,
                        reader,
                        dataset.uri(),
                        new WriteParams.Builder()
                                .withMode(WriteParams.WriteMode.APPEND)
                                .build());
            }
        }
    }

    /** Upserts the rows {@code ids} with {@code payloads}; returns the dataset at the merged version. */
    private static Dataset merge(Dataset dataset, BufferAllocator allocator, int worker, long[] ids, String[] payloads)
            throws IOException {
        try (VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator)) {
            for (int k = 0; k < ids.length; k++) {
                ((BigIntVector) root.getVector("id")).setSafe(k, ids[k]);
                ((IntVector) root.getVector("worker")).setSafe(k, worker);
                ((VarCharVector) root.getVector("payload")).setSafe(k, payloads[k].getBytes(StandardCharsets.UTF_8));
            }
            root.setRowCount(ids.length);
            try (var reader = ArrowReaders.of(SCHEMA, List.of(root), allocator)) {
                return dataset.mergeInsert(new MergeInsertParams(List.of("id")).withMatchedUpdateAll(), reader)
                        .dataset();
            }
        }
    }

    private static String idsFrom(long first) {
        StringBuilder ids = new StringBuilder();
        for (int k = 0; k < ROWS_PER_APPEND; k++) {
            ids.append(k == 0 ? "" : " ").append(first + k);
        }
        return ids.toString();
    }
}
