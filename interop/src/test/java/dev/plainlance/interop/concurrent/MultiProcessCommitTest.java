package dev.plainlance.interop.concurrent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.lance.Dataset;
import dev.plainlance.lance.Version;
import dev.plainlance.lance.WriteParams;
import dev.plainlance.lance.ipc.ScanOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Separate JVMs ({@link ConcurrentWriterMain}) append, delete and merge-insert concurrently on one local dataset
 * through plainlance's commit protocol. Afterwards every acknowledged commit is in the history exactly once, the
 * versions are contiguous, no update is lost (the rows equal the acknowledged appends, merges and deletes), and the
 * official library reads every version with the row count plainlance reads.
 */
class MultiProcessCommitTest {
    private static final int WORKERS = 4;

    @TempDir
    Path dir;

    /** Where the dataset goes; subclasses run this test on other storages. */
    String location() {
        return dir.resolve("ds").toString();
    }

    /** Appends, deletes and merge-inserts each writer commits. */
    int operationsPerWorker() {
        return 50;
    }

    /** Storage options of {@link #location()}. */
    Map<String, String> storageOptions() {
        return Map.of();
    }

    /** Sets up a writer JVM to reach {@link #location()} (its environment). */
    void configure(ProcessBuilder writer) {}

    private Dataset open(String uri, BufferAllocator allocator) {
        return Dataset.open(
                allocator,
                uri,
                new dev.plainlance.lance.ReadOptions.Builder()
                        .setStorageOptions(storageOptions())
                        .build());
    }

    @Test
    void concurrentProcessesCommitEveryAcknowledgedChangeExactlyOnce() throws Exception {
        String uri = location();
        try (BufferAllocator allocator = new RootAllocator()) {
            Dataset.create(
                            allocator,
                            uri,
                            ConcurrentWriterMain.SCHEMA,
                            new WriteParams.Builder()
                                    .withStorageOptions(storageOptions())
                                    .build())
                    .close();
        }
        List<Process> writers = new ArrayList<>();
        for (int w = 1; w <= WORKERS; w++) {
            ProcessBuilder writer = new ProcessBuilder(javaCommand(uri, w))
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("worker-" + w + ".out").toFile());
            configure(writer);
            writers.add(writer.start());
        }
        for (int w = 1; w <= WORKERS; w++) {
            Process writer = writers.get(w - 1);
            int worker = w;
            assertTrue(writer.waitFor(5, TimeUnit.MINUTES), "worker " + w + " did not finish");
            assertEquals(0, writer.exitValue(), () -> "worker " + worker + " failed:\n" + output(worker));
        }

        Acks acks = readAcks();
        assertEquals(
                WORKERS * operationsPerWorker(),
                acks.byVersion.size(),
                "every operation acknowledged at its own version");
        try (BufferAllocator allocator = new RootAllocator();
                Dataset dataset = open(uri, allocator)) {
            long latest = dataset.latestVersion();
            List<Long> versions =
                    dataset.listVersions().stream().map(Version::getId).toList();
            assertEquals(
                    java.util.stream.LongStream.rangeClosed(1, latest).boxed().toList(),
                    versions,
                    "versions are contiguous");
            assertEquals(1 + WORKERS * operationsPerWorker(), latest, "one version per commit, no more");
            Set<String> uuids = new HashSet<>();
            int rebased = 0;
            for (long v = 2; v <= latest; v++) {
                try (Dataset at = dataset.checkoutVersion(v)) {
                    String uuid = at.readTransaction().orElseThrow().uuid();
                    assertTrue(uuids.add(uuid), "transaction " + uuid + " committed twice");
                    assertEquals(acks.byVersion.get(v), uuid, "version " + v + " holds the acknowledged commit");
                    rebased += at.readTransaction().orElseThrow().readVersion() < v - 1 ? 1 : 0;
                }
            }
            assertTrue(rebased > 0, "the writers never raced, so the test proved nothing");
            System.out.println("MultiProcessCommitTest: " + rebased + " of " + (latest - 1)
                    + " commits were rebased over concurrent ones");
            assertEquals(acks.expectedRows, rows(dataset), "rows = the acknowledged appends, merges and deletes");
        }
        assertOfficialReadsEveryVersion(uri);
    }

    private void assertOfficialReadsEveryVersion(String uri) {
        try (BufferAllocator allocator = new RootAllocator();
                Dataset ours = open(uri, allocator)) {
            for (long v = 1; v <= ours.latestVersion(); v++) {
                try (Dataset at = ours.checkoutVersion(v);
                        org.lance.Dataset official = org.lance.Dataset.open(
                                allocator,
                                uri,
                                new org.lance.ReadOptions.Builder()
                                        .setVersion(v)
                                        .setStorageOptions(storageOptions())
                                        .build())) {
                    assertEquals(at.countRows(), official.countRows(), "row count at version " + v);
                }
            }
        }
    }

    private List<String> javaCommand(String uri, int worker) {
        return List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-opens=java.base/java.nio=ALL-UNNAMED",
                "-Xmx256m",
                "-cp",
                System.getProperty("java.class.path"),
                ConcurrentWriterMain.class.getName(),
                uri,
                Integer.toString(worker),
                Integer.toString(operationsPerWorker()),
                Long.toString(7919L * worker),
                dir.resolve("acks-" + worker + ".log").toString());
    }

    private String output(int worker) {
        try {
            return Files.readString(dir.resolve("worker-" + worker + ".out"));
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }

    /** The acknowledgement logs of all workers, and the rows they imply. */
    private static final class Acks {
        final Map<Long, String> byVersion = new HashMap<>();
        final Map<Long, String> expectedRows = new TreeMap<>();
    }

    /**
     * Reads every worker's log in order: an id belongs to one worker, whose operations are sequential, so its last
     * acknowledged operation decides its row.
     */
    private Acks readAcks() throws IOException {
        Acks acks = new Acks();
        for (int w = 1; w <= WORKERS; w++) {
            for (String line : Files.readAllLines(dir.resolve("acks-" + w + ".log"), StandardCharsets.UTF_8)) {
                String[] parts = line.split(" ");
                long version = Long.parseLong(parts[0]);
                String previous = acks.byVersion.put(version, parts[1]);
                assertEquals(null, previous, "two commits acknowledged at version " + version);
                switch (parts[2]) {
                    case "append" -> {
                        for (int i = 3; i < parts.length; i++) {
                            long id = Long.parseLong(parts[i]);
                            assertEquals(
                                    null, acks.expectedRows.put(id, "w" + w + "-" + id), "appended twice: " + line);
                        }
                    }
                    case "delete" ->
                        assertTrue(
                                acks.expectedRows.remove(Long.parseLong(parts[3])) != null,
                                "deleted a row that is not there: " + line);
                    case "merge" -> {
                        assertTrue(
                                acks.expectedRows.put(Long.parseLong(parts[3]), parts[4]) != null,
                                "merged a row that is not there: " + line);
                        long inserted = Long.parseLong(parts[5]);
                        assertEquals(
                                null,
                                acks.expectedRows.put(inserted, "w" + w + "-" + inserted),
                                "inserted twice: " + line);
                    }
                    default -> throw new AssertionError("unknown acknowledgement " + line);
                }
            }
        }
        return acks;
    }

    private static Map<Long, String> rows(Dataset dataset) throws IOException {
        Map<Long, String> rows = new TreeMap<>();
        try (var scanner = dataset.newScan(new ScanOptions.Builder()
                        .columns(List.of("id", "payload"))
                        .build());
                ArrowReader reader = scanner.scanBatches()) {
            while (reader.loadNextBatch()) {
                VectorSchemaRoot root = reader.getVectorSchemaRoot();
                BigIntVector ids = (BigIntVector) root.getVector("id");
                VarCharVector payloads = (VarCharVector) root.getVector("payload");
                for (int r = 0; r < root.getRowCount(); r++) {
                    String previous = rows.put(ids.get(r), new String(payloads.get(r), StandardCharsets.UTF_8));
                    assertEquals(null, previous, "row " + ids.get(r) + " appears twice");
                }
            }
        }
        return rows;
    }
}
