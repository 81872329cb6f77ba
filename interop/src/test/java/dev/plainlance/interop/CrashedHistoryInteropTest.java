package dev.plainlance.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.lance.Dataset;
import dev.plainlance.lance.MergeInsertResult;
import dev.plainlance.lance.ReadOptions;
import dev.plainlance.lance.WriteParams;
import dev.plainlance.lance.commit.DatasetFailpoints;
import dev.plainlance.lance.io.LocalStorage;
import dev.plainlance.lance.merge.MergeInsertParams;
import dev.plainlance.testkit.CrashException;
import dev.plainlance.testkit.CrashSpec;
import dev.plainlance.testkit.FaultInjectingStorage;
import dev.plainlance.testkit.Rows;
import dev.plainlance.testkit.TornWritePolicy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A sample of crash schedules on the local file system: random operations (append, delete, merge-insert, overwrite,
 * restore, compact), each crashed with probability 1/2 at a dataset failpoint or a storage operation, with a restart
 * after every crash. Afterwards the official library opens every version plainlance lists and reads the same rows,
 * so nothing a crash leaves behind (orphaned data files, torn temporary files, unpublished transactions) confuses it.
 */
class CrashedHistoryInteropTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void theOfficialLibraryReadsEveryVersionLeftByCrashedWriters(long seed) throws Exception {
        Random random = new Random(seed);
        String uri = dir.resolve("ds").toString();
        LocalStorage local = new LocalStorage(dir.resolve("ds"));
        int crashes = 0;
        try (BufferAllocator allocator = new RootAllocator()) {
            try (ArrowReader rows = Rows.of(List.of(0L, 1L, 2L), allocator)) {
                Dataset.create(allocator, rows, uri, new WriteParams.Builder().build())
                        .close();
            }
            long nextId = 10;
            for (int step = 0; step < 8; step++) {
                FaultInjectingStorage storage = new FaultInjectingStorage(local);
                if (random.nextBoolean()) {
                    (random.nextBoolean()
                                    ? CrashSpec.atFailpoint(
                                            DatasetFailpoints.ALL.get(random.nextInt(DatasetFailpoints.ALL.size())), 1)
                                    : CrashSpec.atOperation(
                                            1 + random.nextInt(6),
                                            random.nextBoolean() ? TornWritePolicy.DROPPED : TornWritePolicy.KEPT))
                            .arm(storage);
                }
                try (Dataset ds = Dataset.open(storage, uri, ReadOptions.defaults())) {
                    List<Long> ids = Rows.ids(ds);
                    long fresh = nextId++;
                    switch (random.nextInt(6)) {
                        case 0 -> {
                            try (ArrowReader rows = Rows.of(List.of(fresh), allocator)) {
                                Dataset.write(
                                                storage,
                                                uri,
                                                rows,
                                                new WriteParams.Builder()
                                                        .withMode(WriteParams.WriteMode.APPEND)
                                                        .build(),
                                                java.time.Clock.systemUTC())
                                        .close();
                            }
                        }
                        case 1 -> ds.delete(ids.isEmpty() ? "id < 0" : "id = " + ids.get(random.nextInt(ids.size())));
                        case 2 -> {
                            List<Long> upserts = new ArrayList<>(List.of(fresh));
                            if (!ids.isEmpty()) {
                                upserts.add(ids.get(random.nextInt(ids.size())));
                            }
                            try (ArrowReader rows = Rows.of(upserts, allocator);
                                    MergeInsertResult merged = ds.mergeInsert(
                                            new MergeInsertParams(List.of("id")).withMatchedUpdateAll(), rows)) {
                                assertTrue(merged.dataset().version() > ds.version());
                            }
                        }
                        case 3 -> {
                            try (ArrowReader rows = Rows.of(List.of(fresh), allocator)) {
                                Dataset.write(
                                                storage,
                                                uri,
                                                rows,
                                                new WriteParams.Builder()
                                                        .withMode(WriteParams.WriteMode.OVERWRITE)
                                                        .build(),
                                                java.time.Clock.systemUTC())
                                        .close();
                            }
                        }
                        case 4 -> {
                            try (Dataset old = ds.checkoutVersion(1 + random.nextInt((int) ds.version()))) {
                                old.restore();
                            }
                        }
                        default -> ds.compact();
                    }
                } catch (CrashException crashed) {
                    crashes++;
                } finally {
                    storage.disarm();
                }
            }
            try (Dataset ours = Dataset.open(local, uri, ReadOptions.defaults())) {
                for (dev.plainlance.lance.Version v : ours.listVersions()) {
                    try (Dataset at = ours.checkoutVersion(v.getId());
                            org.lance.Dataset official = org.lance.Dataset.open(
                                    allocator,
                                    uri,
                                    new org.lance.ReadOptions.Builder()
                                            .setVersion(v.getId())
                                            .build())) {
                        WriteInteropTest.assertSameLines(
                                WriteInteropTest.lines(official.newScan().scanBatches()),
                                WriteInteropTest.lines(at.newScan().scanBatches()),
                                "seed " + seed + ", version " + v.getId() + " after " + crashes + " crashes");
                    }
                }
                assertEquals(ours.latestVersion(), ours.listVersions().size(), "versions are contiguous");
                System.out.println("CrashedHistoryInteropTest seed " + seed + ": " + crashes + " crashes, "
                        + ours.latestVersion() + " versions read alike by both libraries");
            }
        }
    }
}
