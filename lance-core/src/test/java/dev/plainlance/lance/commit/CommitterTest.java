package dev.plainlance.lance.commit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.lance.Dataset;
import dev.plainlance.lance.FixtureDatasets;
import dev.plainlance.lance.env.Env;
import dev.plainlance.lance.env.Retry;
import dev.plainlance.lance.io.ForwardingStorage;
import dev.plainlance.lance.io.LocalStorage;
import dev.plainlance.lance.io.Storage;
import dev.plainlance.lance.pb.table.DataFragment;
import dev.plainlance.lance.pb.table.Manifest;
import dev.plainlance.lance.pb.table.Transaction;
import dev.plainlance.lance.table.ManifestNaming;
import dev.plainlance.lance.table.ManifestStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Commits transactions whose fragments reuse a data file written by the official library (10 rich rows). */
class CommitterTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T08:00:00Z"), ZoneOffset.UTC);
    private static final ManifestBuilder.NewDatasetOptions DEFAULTS =
            new ManifestBuilder.NewDatasetOptions("2.1", false);

    @TempDir
    Path dir;

    private Manifest source;

    @BeforeEach
    void copyDataFile() throws IOException {
        Path fixture = Paths.get(FixtureDatasets.path("history"));
        try (Dataset v1 = Dataset.open(fixture.toString()).checkoutVersion(1)) {
            source = v1.snapshot().manifest();
        }
        Files.createDirectories(dir.resolve("data"));
        String file = source.getFragments(0).getFiles(0).getPath();
        Files.copy(fixture.resolve("data").resolve(file), dir.resolve("data").resolve(file));
    }

    private DataFragment newFragment() {
        return source.getFragments(0).toBuilder().setId(0).build();
    }

    private Transaction create() {
        return Transaction.newBuilder()
                .setReadVersion(0)
                .setUuid(UUID.randomUUID().toString())
                .setOverwrite(Transaction.Overwrite.newBuilder()
                        .addAllSchema(source.getFieldsList())
                        .addFragments(newFragment()))
                .build();
    }

    private Transaction append(long readVersion) {
        return Transaction.newBuilder()
                .setReadVersion(readVersion)
                .setUuid(UUID.randomUUID().toString())
                .setAppend(Transaction.Append.newBuilder().addFragments(newFragment()))
                .build();
    }

    private static final org.apache.arrow.memory.BufferAllocator ALLOCATOR =
            new org.apache.arrow.memory.RootAllocator();

    private static Env env(Retry retry) {
        return Env.deterministic(1, CLOCK, ALLOCATOR).withCommitRetry(retry);
    }

    private Committer committer(Storage storage) {
        return new Committer(storage, env(Retry.immediate(20, 1)));
    }

    @Test
    void createThenAppendIsReadable() throws IOException {
        LocalStorage storage = new LocalStorage(dir);
        ManifestStore.Location v1 = committer(storage)
                .commit(create(), ManifestNaming.V2, DEFAULTS)
                .location()
                .orElseThrow();
        assertEquals(1, v1.version());
        assertEquals("_versions/18446744073709551614.manifest", v1.key());
        committer(storage).commit(append(1), ManifestNaming.V2, DEFAULTS);
        try (Dataset ds = Dataset.open(dir.toString())) {
            assertEquals(2, ds.version());
            assertEquals(20, ds.countRows());
            assertEquals(
                    List.of(0, 1),
                    ds.getFragments().stream().map(f -> f.getId()).toList());
            assertEquals(1, ds.snapshot().manifest().getMaxFragmentId());
            assertEquals("Append", ds.readTransaction().orElseThrow().operationName());
            assertEquals("2.1", ds.getLanceFileFormatVersion());
            assertEquals(CLOCK.instant(), ds.getVersion().dataTime().toInstant());
            assertEquals(
                    "plainlance", ds.snapshot().manifest().getWriterVersion().getLibrary());
        }
        String txnFile = Files.list(dir.resolve("_transactions"))
                .map(p -> p.getFileName().toString())
                .filter(n -> n.startsWith("1-"))
                .findFirst()
                .orElseThrow();
        assertTrue(txnFile.endsWith(".txn"));
        assertEquals("{\"version\":2}", Files.readString(dir.resolve("_versions/latest_version_hint.json")));
    }

    @Test
    void v1NamingIsKeptByLaterCommits() {
        LocalStorage storage = new LocalStorage(dir);
        committer(storage).commit(create(), ManifestNaming.V1, DEFAULTS);
        ManifestStore.Location v2 = committer(storage)
                .commit(append(1), ManifestNaming.V2, DEFAULTS)
                .location()
                .orElseThrow();
        assertEquals("_versions/2.manifest", v2.key());
    }

    @Test
    void concurrentAppendsAllLandOnContiguousVersions() throws Exception {
        LocalStorage storage = new LocalStorage(dir);
        committer(storage).commit(create(), ManifestNaming.V2, DEFAULTS);
        int writers = 6;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Callable<Long>> tasks = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                tasks.add(() -> new Committer(storage, env(Retry.immediate(50, 7)))
                        .commit(append(1), ManifestNaming.V2, DEFAULTS)
                        .version());
            }
            List<Long> versions = new ArrayList<>();
            for (Future<Long> f : pool.invokeAll(tasks)) {
                versions.add(f.get());
            }
            versions.sort(null);
            assertEquals(List.of(2L, 3L, 4L, 5L, 6L, 7L), versions);
        } finally {
            pool.shutdownNow();
        }
        try (Dataset ds = Dataset.open(dir.toString())) {
            assertEquals(7, ds.getFragments().size());
            assertEquals(70, ds.countRows());
            assertEquals(
                    7, ds.getFragments().stream().map(f -> f.getId()).distinct().count());
        }
    }

    /** Records every storage call as {@code "op key"}. */
    private static final class CallRecordingStorage extends ForwardingStorage {
        final List<String> calls = new ArrayList<>();

        CallRecordingStorage(Storage inner) {
            super(inner);
        }

        @Override
        public byte[] read(String key) throws IOException {
            calls.add("read " + key);
            return super.read(key);
        }

        @Override
        public Optional<byte[]> readIfExists(String key) throws IOException {
            calls.add("readIfExists " + key);
            return super.readIfExists(key);
        }

        @Override
        public long size(String key) throws IOException {
            calls.add("size " + key);
            return super.size(key);
        }

        @Override
        public List<dev.plainlance.lance.io.ObjectInfo> list(String prefix) throws IOException {
            calls.add("list " + prefix);
            return super.list(prefix);
        }

        @Override
        public void putIfAbsent(String key, byte[] data) throws IOException {
            calls.add("putIfAbsent " + key);
            super.putIfAbsent(key, data);
        }

        @Override
        public void replace(String key, byte[] data) throws IOException {
            calls.add("replace " + key);
            super.replace(key, data);
        }
    }

    @Test
    void aCommitOnTheNewestVersionWritesTheNextWithoutLookingFirst() {
        CallRecordingStorage storage = new CallRecordingStorage(new LocalStorage(dir));
        var base = committer(storage).commit(create(), ManifestNaming.V2, DEFAULTS);
        storage.calls.clear();
        Transaction txn = append(1);
        assertEquals(
                2,
                committer(storage)
                        .commit(txn, ManifestNaming.V2, DEFAULTS, Optional.of(base))
                        .version());
        assertEquals(
                List.of(
                        "replace _transactions/1-" + txn.getUuid() + ".txn",
                        "putIfAbsent " + ManifestNaming.V2.key(2),
                        "replace " + ManifestStore.HINT),
                storage.calls);
    }

    @Test
    void aCommitOnAnOlderVersionLandsAfterTheNewerOnes() {
        LocalStorage storage = new LocalStorage(dir);
        var base = committer(storage).commit(create(), ManifestNaming.V2, DEFAULTS);
        committer(storage).commit(append(1), ManifestNaming.V2, DEFAULTS);
        committer(storage).commit(append(2), ManifestNaming.V2, DEFAULTS);
        Transaction late = append(1);
        assertEquals(
                4,
                committer(storage)
                        .commit(late, ManifestNaming.V2, DEFAULTS, Optional.of(base))
                        .version());
        try (Dataset ds = Dataset.open(dir.toString())) {
            assertEquals(4, ds.version());
            assertEquals(40, ds.countRows());
            assertEquals(late.getUuid(), ds.readTransaction().orElseThrow().uuid());
        }
        Transaction fencedOut = append(1);
        assertThrows(CommitConflictException.class, () -> committer(storage)
                .commitExactly(fencedOut, ManifestNaming.V2, DEFAULTS, Optional.of(base)));
        try (Dataset ds = Dataset.open(dir.toString())) {
            assertEquals(4, ds.version(), "the fenced-out commit did not land");
        }
    }

    @Test
    void commitExactlyLandsAtReadVersionPlusOneOrNotAtAll() {
        LocalStorage storage = new LocalStorage(dir);
        committer(storage).commit(create(), ManifestNaming.V2, DEFAULTS);
        Transaction first = append(1);
        Transaction fencedOut = append(1);
        assertEquals(
                2,
                committer(storage)
                        .commitExactly(first, ManifestNaming.V2, DEFAULTS)
                        .version());
        CommitConflictException lost = assertThrows(CommitConflictException.class, () -> committer(storage)
                .commitExactly(fencedOut, ManifestNaming.V2, DEFAULTS));
        assertTrue(lost.getMessage().contains("version 2"), lost.getMessage());
        try (Dataset ds = Dataset.open(dir.toString())) {
            assertEquals(2, ds.version(), "the fenced-out append did not land later either");
            assertEquals(first.getUuid(), ds.readTransaction().orElseThrow().uuid());
        }
    }

    @Test
    void concurrentExactCommitsFromOneVersionHaveExactlyOneWinner() throws Exception {
        LocalStorage storage = new LocalStorage(dir);
        committer(storage).commit(create(), ManifestNaming.V2, DEFAULTS);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Boolean>> tasks = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                tasks.add(() -> {
                    try {
                        committer(storage).commitExactly(append(1), ManifestNaming.V2, DEFAULTS);
                        return true;
                    } catch (CommitConflictException lost) {
                        return false;
                    }
                });
            }
            long winners = 0;
            for (Future<Boolean> f : pool.invokeAll(tasks)) {
                winners += f.get() ? 1 : 0;
            }
            assertEquals(1, winners);
        } finally {
            pool.shutdownNow();
        }
        try (Dataset ds = Dataset.open(dir.toString())) {
            assertEquals(2, ds.version());
        }
    }

    @Test
    void appendAfterConcurrentOverwriteIsIncompatible() {
        LocalStorage storage = new LocalStorage(dir);
        committer(storage).commit(create(), ManifestNaming.V2, DEFAULTS);
        Transaction overwrite = create().toBuilder().setReadVersion(1).build();
        committer(storage).commit(overwrite, ManifestNaming.V2, DEFAULTS);
        IncompatibleTransactionException e =
                assertThrows(IncompatibleTransactionException.class, () -> committer(storage)
                        .commit(append(1), ManifestNaming.V2, DEFAULTS));
        assertTrue(e.getMessage().contains("OVERWRITE"), e.getMessage());
        assertEquals(2, new ManifestStore(storage).latest().orElseThrow().version());
    }

    @Test
    void creatingOverAnExistingDatasetFails() {
        LocalStorage storage = new LocalStorage(dir);
        committer(storage).commit(create(), ManifestNaming.V2, DEFAULTS);
        assertThrows(IncompatibleTransactionException.class, () -> committer(storage)
                .commit(create(), ManifestNaming.V2, DEFAULTS));
    }

    @Test
    void restoreRecommitsAnOldVersion() {
        LocalStorage storage = new LocalStorage(dir);
        committer(storage).commit(create(), ManifestNaming.V2, DEFAULTS);
        committer(storage).commit(append(1), ManifestNaming.V2, DEFAULTS);
        Transaction restore = Transaction.newBuilder()
                .setReadVersion(2)
                .setUuid(UUID.randomUUID().toString())
                .setRestore(Transaction.Restore.newBuilder().setVersion(1))
                .build();
        committer(storage).commit(restore, ManifestNaming.V2, DEFAULTS);
        try (Dataset ds = Dataset.open(dir.toString())) {
            assertEquals(3, ds.version());
            assertEquals(10, ds.countRows());
            assertEquals("Restore", ds.readTransaction().orElseThrow().operationName());
        }
    }

    @Test
    void configUpdatesAndRestoreThroughTheDataset() {
        LocalStorage storage = new LocalStorage(dir);
        committer(storage).commit(create(), ManifestNaming.V2, DEFAULTS);
        try (Dataset ds = Dataset.open(dir.toString())) {
            ds.updateConfig(java.util.Map.of("a", "1", "b", "2"));
            assertEquals(2, ds.version());
            assertEquals(java.util.Map.of("a", "1", "b", "2"), ds.getConfig());
            assertEquals(8, ds.snapshot().manifest().getWriterFeatureFlags());
            ds.deleteConfigKeys(java.util.Set.of("a"));
            assertEquals(java.util.Map.of("b", "2"), ds.getConfig());
            ds.updateConfig(java.util.Map.of("c", "3"));
            assertEquals(java.util.Map.of("c", "3"), ds.getConfig());
            Dataset v1 = ds.checkoutVersion(1);
            v1.restore();
            assertEquals(5, v1.version());
            assertTrue(v1.getConfig().isEmpty());
            assertEquals(0, v1.snapshot().manifest().getWriterFeatureFlags());
            assertEquals(4, ds.version(), "another instance keeps its own version");
            assertEquals(5, ds.latestVersion());
        }
    }

    @Test
    void concurrentConfigUpdatesOfTheSameKeyConflict() {
        LocalStorage storage = new LocalStorage(dir);
        committer(storage).commit(create(), ManifestNaming.V2, DEFAULTS);
        try (Dataset a = Dataset.open(dir.toString());
                Dataset b = Dataset.open(dir.toString())) {
            a.deleteConfigKeys(java.util.Set.of("k"));
            assertThrows(IncompatibleTransactionException.class, () -> b.deleteConfigKeys(java.util.Set.of("k")));
            b.deleteConfigKeys(java.util.Set.of("other"));
            assertEquals(3, b.version());
        }
    }

    @Test
    void stableRowIdsAreAssignedToNewFragments() {
        LocalStorage storage = new LocalStorage(dir);
        ManifestBuilder.NewDatasetOptions stable = new ManifestBuilder.NewDatasetOptions("2.1", true);
        committer(storage).commit(create(), ManifestNaming.V2, stable);
        committer(storage).commit(append(1), ManifestNaming.V2, stable);
        try (Dataset ds = Dataset.open(dir.toString())) {
            assertTrue(ds.hasStableRowIds());
            assertEquals(20, ds.snapshot().manifest().getNextRowId());
            assertTrue(ds.getFragments().stream().allMatch(f -> f.metadata().hasRowIds()));
        }
    }

    @Test
    void lostAcknowledgementIsResolvedByTheTransactionUuid() {
        AtomicBoolean failOnce = new AtomicBoolean(true);
        Storage flaky = new ForwardingStorage(new LocalStorage(dir)) {
            @Override
            public void putIfAbsent(String key, byte[] data) throws IOException {
                super.putIfAbsent(key, data);
                if (key.endsWith(".manifest") && failOnce.getAndSet(false)) {
                    throw new IOException("connection reset after the write");
                }
            }
        };
        committer(flaky).commit(create(), ManifestNaming.V2, DEFAULTS);
        assertEquals(1, new ManifestStore(flaky).list().size());
    }

    @Test
    void failedWriteIsRetried() {
        AtomicBoolean failOnce = new AtomicBoolean(true);
        Storage flaky = new ForwardingStorage(new LocalStorage(dir)) {
            @Override
            public void putIfAbsent(String key, byte[] data) throws IOException {
                if (key.endsWith(".manifest") && failOnce.getAndSet(false)) {
                    throw new IOException("disk hiccup before the write");
                }
                super.putIfAbsent(key, data);
            }
        };
        assertEquals(
                1,
                committer(flaky).commit(create(), ManifestNaming.V2, DEFAULTS).version());
    }

    @Test
    void unreadableOutcomeIsReportedAsUnknown() {
        Storage broken = new ForwardingStorage(new LocalStorage(dir)) {
            @Override
            public void putIfAbsent(String key, byte[] data) throws IOException {
                if (key.endsWith(".manifest")) {
                    throw new IOException("write failed");
                }
                super.putIfAbsent(key, data);
            }

            @Override
            public Optional<byte[]> readIfExists(String key) throws IOException {
                if (key.endsWith(".manifest")) {
                    throw new IOException("read failed");
                }
                return super.readIfExists(key);
            }
        };
        Transaction txn = create();
        CommitOutcomeUnknownException e = assertThrows(
                CommitOutcomeUnknownException.class, () -> committer(broken).commit(txn, ManifestNaming.V2, DEFAULTS));
        assertEquals(txn.getUuid(), e.transactionUuid());
    }
}
