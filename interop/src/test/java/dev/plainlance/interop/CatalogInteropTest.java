package dev.plainlance.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.plainlance.lance.Dataset;
import dev.plainlance.lance.ReadOptions;
import dev.plainlance.lance.io.LocalStorage;
import dev.plainlance.lance.io.Storage;
import dev.plainlance.recovery.CatalogSession;
import dev.plainlance.recovery.OpenMode;
import dev.plainlance.recovery.RecoveryFailpoints;
import dev.plainlance.recovery.RecoveryOptions;
import dev.plainlance.testkit.CrashException;
import dev.plainlance.testkit.FaultInjectingStorage;
import dev.plainlance.testkit.Rows;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tables of a catalog, written by multi-table commits and by recovery (exact-version commits, restores with
 * derived uuids), open in the official library at every version with the rows plainlance reads.
 */
class CatalogInteropTest {
    @TempDir
    Path dir;

    @Test
    void everyVersionOfEveryCatalogTableReadsTheSameInTheOfficialLibrary() throws Exception {
        RecoveryOptions options = RecoveryOptions.defaults().withLease(Duration.ZERO);
        LocalStorage root = new LocalStorage(dir);
        try (BufferAllocator allocator = new RootAllocator()) {
            try (CatalogSession session = CatalogSession.create(root, options, "interop")) {
                session.newCommit()
                        .createTable("a", Rows.of(List.of(0L, 1L, 2L), allocator))
                        .createTable("b", Rows.of(List.of(100L), allocator))
                        .commit();
                session.newCommit()
                        .append("a", Rows.of(List.of(3L), allocator))
                        .delete("b", "id = 100")
                        .commit();
            }
            FaultInjectingStorage crashing = new FaultInjectingStorage(root);
            crashing.crashAtFailpoint(RecoveryFailpoints.TABLE_COMMITTED, 1);
            try (CatalogSession session = CatalogSession.open(crashing, OpenMode.READ_WRITE, options)) {
                assertThrows(CrashException.class, () -> session.newCommit()
                        .append("a", Rows.of(List.of(4L), allocator))
                        .append("b", Rows.of(List.of(200L), allocator))
                        .commit());
            } finally {
                crashing.disarm();
            }
            try (CatalogSession session = CatalogSession.open(root, OpenMode.READ_WRITE, options)) {
                assertEquals(1, session.audit().size(), "the crashed operation was rolled back");
                session.newCommit()
                        .append("b", Rows.of(List.of(300L), allocator))
                        .commit();
                for (String key : List.of("a", "b")) {
                    String path = dir.resolve(session.snapshot().path(key).orElseThrow())
                            .toString();
                    Storage table = session.catalog()
                            .tableStorage(session.snapshot().path(key).orElseThrow());
                    long pinned = session.snapshot().pinnedVersion("main", key);
                    try (Dataset latest = Dataset.open(table, path, ReadOptions.defaults())) {
                        assertEquals(pinned, latest.version(), key + " is pinned at its HEAD");
                        for (long v = 1; v <= latest.version(); v++) {
                            try (Dataset ours = latest.checkoutVersion(v);
                                    org.lance.Dataset official = org.lance.Dataset.open(
                                            allocator,
                                            path,
                                            new org.lance.ReadOptions.Builder()
                                                    .setVersion(v)
                                                    .build())) {
                                assertEquals(Rows.ids(ours), officialIds(official), key + " version " + v);
                            }
                        }
                    }
                }
            }
        }
    }

    private static List<Long> officialIds(org.lance.Dataset dataset) throws Exception {
        List<Long> ids = new java.util.ArrayList<>();
        try (org.apache.arrow.vector.ipc.ArrowReader reader = dataset.newScan().scanBatches()) {
            while (reader.loadNextBatch()) {
                org.apache.arrow.vector.BigIntVector vector = (org.apache.arrow.vector.BigIntVector)
                        reader.getVectorSchemaRoot().getVector("id");
                for (int i = 0; i < reader.getVectorSchemaRoot().getRowCount(); i++) {
                    ids.add(vector.get(i));
                }
            }
        }
        ids.sort(null);
        return ids;
    }
}
