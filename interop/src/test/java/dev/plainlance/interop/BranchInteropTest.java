package dev.plainlance.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.lance.MergeInsertResult;
import dev.plainlance.lance.WriteParams;
import dev.plainlance.lance.maintenance.CleanupPolicy;
import dev.plainlance.lance.maintenance.CompactionOptions;
import dev.plainlance.lance.merge.MergeInsertParams;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.arrow.c.ArrowArrayStream;
import org.apache.arrow.c.Data;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Branches, tags into branches and shallow clones, in both directions, on seeded random histories: every version
 * of every branch one library writes reads the same rows in the other, the two list the same branches, and each
 * writes on the other's branches.
 */
class BranchInteropTest {
    private static final Schema SCHEMA = RichData.simpleSchema();
    private static BufferAllocator allocator;

    @TempDir
    Path dir;

    @BeforeAll
    static void openAllocator() {
        allocator = new RootAllocator();
    }

    @AfterAll
    static void closeAllocator() {
        allocator.close();
    }

    /** One random change on the dataset root at {@code uri}, by the official library. */
    private static void officialStep(String uri, Random random, long[] nextId) throws Exception {
        int op = random.nextInt(3);
        try (org.lance.Dataset ds = org.lance.Dataset.open(uri, allocator)) {
            if (op == 0 || ds.countRows() < 10) {
                int rows = 20 + random.nextInt(60);
                officialWrite(uri, org.lance.WriteParams.WriteMode.APPEND, nextId[0], rows);
                nextId[0] += rows;
            } else if (op == 1) {
                ds.delete("id % " + (2 + random.nextInt(5)) + " = " + random.nextInt(2));
            } else {
                int rows = 10 + random.nextInt(40);
                officialWrite(uri, org.lance.WriteParams.WriteMode.OVERWRITE, nextId[0], rows);
                nextId[0] += rows;
            }
        }
    }

    private static void officialWrite(String uri, org.lance.WriteParams.WriteMode mode, long firstId, int rows)
            throws Exception {
        try (ArrowReader data = RichData.reader(allocator, SCHEMA, firstId, rows);
                ArrowArrayStream stream = ArrowArrayStream.allocateNew(allocator)) {
            Data.exportArrayStream(allocator, data, stream);
            org.lance.Dataset.create(
                            allocator,
                            stream,
                            uri,
                            new org.lance.WriteParams.Builder().withMode(mode).build())
                    .close();
        }
    }

    /** One random change on the dataset root at {@code uri}, by plainlance. */
    private static void plainStep(String uri, Random random, long[] nextId) throws Exception {
        int op = random.nextInt(6);
        try (dev.plainlance.lance.Dataset ds = dev.plainlance.lance.Dataset.open(uri, allocator)) {
            if (op == 0 || ds.countRows() < 10) {
                plainWrite(uri, WriteParams.WriteMode.APPEND, nextId, 20 + random.nextInt(60));
            } else if (op == 1) {
                ds.delete("id % " + (2 + random.nextInt(5)) + " = " + random.nextInt(2));
            } else if (op == 2) {
                ds.update("id % 3 = 0", Map.of("value", "value + 1"));
            } else if (op == 3) {
                long first = Math.max(0, nextId[0] - 30);
                try (ArrowReader source = RichData.reader(allocator, SCHEMA, first, 40);
                        MergeInsertResult merged =
                                ds.mergeInsert(new MergeInsertParams(List.of("id")).withMatchedUpdateAll(), source)) {
                    nextId[0] = Math.max(nextId[0], first + 40);
                    assertTrue(merged.dataset().version() > ds.version());
                }
            } else if (op == 4) {
                ds.compact(CompactionOptions.builder()
                        .withTargetRowsPerFragment(1_000)
                        .build());
            } else {
                plainWrite(uri, WriteParams.WriteMode.OVERWRITE, nextId, 10 + random.nextInt(40));
            }
        }
    }

    private static void plainWrite(String uri, WriteParams.WriteMode mode, long[] nextId, int rows) throws Exception {
        try (ArrowReader data = RichData.reader(allocator, SCHEMA, nextId[0], rows)) {
            dev.plainlance.lance.Dataset.create(
                            allocator,
                            data,
                            uri,
                            new WriteParams.Builder().withMode(mode).build())
                    .close();
        }
        nextId[0] += rows;
    }

    /** Both libraries read the same rows at every version of the root at {@code uri}. */
    private static void assertSameRowsAtEveryVersion(String uri, String what) throws Exception {
        List<Long> versions = new ArrayList<>();
        try (org.lance.Dataset ds = org.lance.Dataset.open(uri, allocator)) {
            ds.listVersions().forEach(v -> versions.add(v.getId()));
        }
        try (dev.plainlance.lance.Dataset plain = dev.plainlance.lance.Dataset.open(uri, allocator)) {
            assertEquals(
                    versions, plain.listVersions().stream().map(v -> v.getId()).toList(), what + ": versions");
        }
        for (long v : versions) {
            WriteInteropTest.assertSameLines(
                    Compare.officialRows(allocator, uri, v),
                    Compare.plainRows(allocator, uri, v),
                    what + ", version " + v);
        }
    }

    /** name -> parent branch, parent version, as each library lists them. */
    private static Map<String, String> officialBranches(String uri) {
        Map<String, String> out = new TreeMap<>();
        try (org.lance.Dataset ds = org.lance.Dataset.open(uri, allocator)) {
            for (org.lance.Branch b : ds.branches().list()) {
                out.put(b.getName(), b.getParentBranch().orElse("main") + "@" + b.getParentVersion());
            }
        }
        return out;
    }

    private static Map<String, String> plainBranches(String uri) {
        Map<String, String> out = new TreeMap<>();
        try (dev.plainlance.lance.Dataset ds = dev.plainlance.lance.Dataset.open(uri, allocator)) {
            for (dev.plainlance.lance.table.Branch b : ds.branches().list()) {
                out.put(b.getName(), b.getParentBranch().orElse("main") + "@" + b.getParentVersion());
            }
        }
        return out;
    }

    private static long latest(String uri) {
        try (dev.plainlance.lance.Dataset ds = dev.plainlance.lance.Dataset.open(uri, allocator)) {
            return ds.latestVersion();
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void plainlanceReadsAndExtendsTheBranchesTheOfficialLibraryWrites(long seed) throws Exception {
        Random random = new Random(seed);
        long[] nextId = {0};
        OfficialWriter w = new OfficialWriter(allocator, dir);
        String uri = w.uri();
        w.create(SCHEMA, 0, 100);
        nextId[0] = 100;
        for (int i = 0; i < 3; i++) {
            officialStep(uri, random, nextId);
        }
        long fromMain = 1 + random.nextInt((int) latest(uri));
        try (org.lance.Dataset ds = org.lance.Dataset.open(uri, allocator)) {
            ds.createBranch("dev/a", org.lance.Ref.ofMain(fromMain)).close();
        }
        String a = uri + "/tree/dev/a";
        for (int i = 0; i < 3; i++) {
            officialStep(a, random, nextId);
        }
        try (org.lance.Dataset ds = org.lance.Dataset.open(uri, allocator)) {
            ds.tags().create("on-a", org.lance.Ref.ofBranch("dev/a", latest(a) - 1));
            ds.tags().create("on-main", fromMain);
            ds.createBranch("b", org.lance.Ref.ofTag("on-main")).close();
        }
        // Official 7.0.0 resolves the source version of a new branch in the main root even when it is named by a
        // branch or by a tag into a branch: the clone holds main's version with that number, named after the
        // parent branch. So a version main also has is picked here, and branch b comes from a tag on main.
        try (org.lance.Dataset ds = org.lance.Dataset.open(uri, allocator)) {
            ds.createBranch("c", org.lance.Ref.ofBranch("dev/a", Math.min(latest(a), latest(uri))))
                    .close();
        }
        String b = uri + "/tree/b";
        String c = uri + "/tree/c";
        officialStep(c, random, nextId);
        officialStep(uri, random, nextId);

        assertEquals(officialBranches(uri), plainBranches(uri), "branches");
        for (String root : List.of(uri, a, b, c)) {
            assertSameRowsAtEveryVersion(root, "official history of " + root);
        }
        try (dev.plainlance.lance.Dataset main = dev.plainlance.lance.Dataset.open(uri, allocator);
                dev.plainlance.lance.Dataset tagged = main.checkout(dev.plainlance.lance.Ref.ofTag("on-a"))) {
            assertEquals(Optional.of("dev/a"), tagged.branch());
            assertEquals(latest(a) - 1, tagged.version());
            WriteInteropTest.assertSameLines(
                    Compare.officialRows(allocator, a, latest(a) - 1),
                    WriteInteropTest.lines(tagged.newScan().scanBatches()),
                    "checkout by a tag into a branch");
        }
        for (String root : List.of(a, b, c)) {
            for (int i = 0; i < 3; i++) {
                plainStep(root, random, nextId);
            }
            assertSameRowsAtEveryVersion(root, "plainlance on the official branch " + root);
        }
        assertSameRowsAtEveryVersion(uri, "main after writes on branches");
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {4, 5, 6})
    void theOfficialLibraryReadsAndExtendsTheBranchesPlainlanceWrites(long seed) throws Exception {
        Random random = new Random(seed);
        long[] nextId = {0};
        String uri = dir.resolve("ds").toString();
        plainWrite(uri, WriteParams.WriteMode.CREATE, nextId, 100);
        for (int i = 0; i < 3; i++) {
            plainStep(uri, random, nextId);
        }
        String a = uri + "/tree/dev/a";
        try (dev.plainlance.lance.Dataset main = dev.plainlance.lance.Dataset.open(uri, allocator)) {
            long from = 1 + random.nextInt((int) main.latestVersion());
            try (dev.plainlance.lance.Dataset branch =
                    main.createBranch("dev/a", dev.plainlance.lance.Ref.ofMain(from))) {
                assertEquals(from, branch.version());
                assertEquals(a, branch.uri());
            }
        }
        for (int i = 0; i < 3; i++) {
            plainStep(a, random, nextId);
        }
        long taggedVersion = latest(a) - 1;
        try (dev.plainlance.lance.Dataset main = dev.plainlance.lance.Dataset.open(uri, allocator)) {
            main.tags().create("on-a", dev.plainlance.lance.Ref.ofBranch("dev/a", taggedVersion));
            main.createBranch("b", dev.plainlance.lance.Ref.ofTag("on-a")).close();
            main.createBranch("c", dev.plainlance.lance.Ref.ofBranch("dev/a")).close();
            main.shallowClone(dir.resolve("clone").toString(), dev.plainlance.lance.Ref.ofBranch("dev/a"))
                    .close();
        }
        String b = uri + "/tree/b";
        String c = uri + "/tree/c";
        String clone = dir.resolve("clone").toString();
        plainStep(c, random, nextId);
        plainStep(clone, random, nextId);
        plainStep(uri, random, nextId);

        assertEquals(plainBranches(uri), officialBranches(uri), "branches");
        assertEquals("dev/a@" + taggedVersion, officialBranches(uri).get("b").replace("main@", "dev/a@"));
        try (org.lance.Dataset ds = org.lance.Dataset.open(uri, allocator)) {
            org.lance.Tag tag = ds.tags().list().get(0);
            assertEquals(Optional.of("dev/a"), tag.getBranch());
            assertEquals(taggedVersion, tag.getVersion());
            try (org.lance.Dataset viaTag = ds.checkout(org.lance.Ref.ofTag("on-a"))) {
                WriteInteropTest.assertSameLines(
                        Compare.plainRows(allocator, a, taggedVersion),
                        WriteInteropTest.lines(viaTag.newScan().scanBatches()),
                        "official checkout by a tag into a plainlance branch");
            }
            try (org.lance.Dataset viaBranch = ds.checkout(org.lance.Ref.ofBranch("c"))) {
                WriteInteropTest.assertSameLines(
                        Compare.plainRows(allocator, c, latest(c)),
                        WriteInteropTest.lines(viaBranch.newScan().scanBatches()),
                        "official checkout of a plainlance branch");
            }
        }
        for (String root : List.of(uri, a, b, c, clone)) {
            assertSameRowsAtEveryVersion(root, "plainlance history of " + root);
        }
        for (String root : List.of(a, b, c)) {
            for (int i = 0; i < 3; i++) {
                officialStep(root, random, nextId);
            }
            assertSameRowsAtEveryVersion(root, "official writes on the plainlance branch " + root);
        }
    }

    /** The files under {@code root}, relative, with data, deletion and transaction file names left out. */
    private static List<String> layout(Path root) throws Exception {
        try (var files = Files.walk(root)) {
            return files.filter(Files::isRegularFile)
                    .map(f -> root.relativize(f).toString())
                    .filter(f -> !f.startsWith("data/") && !f.startsWith("_transactions/"))
                    .sorted()
                    .toList();
        }
    }

    private static List<String> jsonKeys(Path file) throws Exception {
        List<String> keys = new ArrayList<>();
        new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(file.toFile())
                .fieldNames()
                .forEachRemaining(keys::add);
        return keys;
    }

    /** The parts of a branch's first manifest and its Clone transaction that do not depend on the branch name. */
    private static String firstVersion(Path root) {
        dev.plainlance.lance.io.Storage storage = new dev.plainlance.lance.io.LocalStorage(root);
        dev.plainlance.lance.table.TableSnapshot first = dev.plainlance.lance.table.TableSnapshot.latest(storage, "x");
        dev.plainlance.lance.pb.table.Manifest m = first.manifest();
        dev.plainlance.lance.pb.table.Transaction.Clone clone = new dev.plainlance.lance.table.ManifestStore(storage)
                .transaction(first.file())
                .orElseThrow()
                .getClone();
        return "version " + m.getVersion() + ", flags " + m.getReaderFeatureFlags() + "/" + m.getWriterFeatureFlags()
                + ", naming " + first.naming() + ", bases " + m.getBasePathsList() + ", fragments "
                + m.getFragmentsList() + ", clone shallow=" + clone.getIsShallow() + " ref_name=" + clone.hasRefName()
                + " ref_version=" + clone.getRefVersion() + " ref_path=" + clone.getRefPath() + " txn read version "
                + first.file().transaction().map(t -> t.getReadVersion()).orElse(-1L);
    }

    @Test
    void aBranchIsLaidOutAsTheOfficialLibraryLaysItOut() throws Exception {
        OfficialWriter w = new OfficialWriter(allocator, dir);
        String uri = w.uri();
        w.create(SCHEMA, 0, 100);
        w.delete("id < 7");
        w.append(SCHEMA, 100, 30);
        try (org.lance.Dataset ds = org.lance.Dataset.open(uri, allocator)) {
            ds.createBranch("by/official", org.lance.Ref.ofMain(2)).close();
        }
        try (dev.plainlance.lance.Dataset ds = dev.plainlance.lance.Dataset.open(uri, allocator)) {
            ds.createBranch("by/plain", dev.plainlance.lance.Ref.ofMain(2)).close();
        }
        Path tree = w.path().resolve("tree/by");
        assertEquals(layout(tree.resolve("official")), layout(tree.resolve("plain")));
        Path refs = w.path().resolve("_refs/branches");
        assertEquals(List.of("by%2Fofficial.json", "by%2Fplain.json"), layout(refs));
        assertEquals(jsonKeys(refs.resolve("by%2Fofficial.json")), jsonKeys(refs.resolve("by%2Fplain.json")));
        assertEquals(firstVersion(tree.resolve("official")), firstVersion(tree.resolve("plain")));
        assertEquals(officialBranches(uri), plainBranches(uri));
    }

    @Test
    void concurrentWritersOnMainAndOnABranchFromBothLibrariesAllLand() throws Exception {
        long[] nextId = {0};
        String uri = dir.resolve("ds").toString();
        plainWrite(uri, WriteParams.WriteMode.CREATE, nextId, 50);
        try (dev.plainlance.lance.Dataset main = dev.plainlance.lance.Dataset.open(uri, allocator)) {
            main.createBranch("side", dev.plainlance.lance.Ref.ofMain(1)).close();
        }
        String side = uri + "/tree/side";
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<Void>> done = new ArrayList<>();
            // plainlance appends to main and to the branch while the official library appends to the branch too
            for (int writer = 0; writer < 3; writer++) {
                String root = writer == 0 ? uri : side;
                boolean official = writer == 2;
                long first = 1_000L * (writer + 1);
                done.add(pool.submit((Callable<Void>) () -> {
                    for (int i = 0; i < 5; i++) {
                        if (official) {
                            officialWrite(root, org.lance.WriteParams.WriteMode.APPEND, first + 10L * i, 10);
                            continue;
                        }
                        try (ArrowReader data = RichData.reader(allocator, SCHEMA, first + 10L * i, 10)) {
                            dev.plainlance.lance.Dataset.create(
                                            allocator,
                                            data,
                                            root,
                                            new WriteParams.Builder()
                                                    .withMode(WriteParams.WriteMode.APPEND)
                                                    .build())
                                    .close();
                        }
                    }
                    return null;
                }));
            }
            for (Future<Void> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(6, latest(uri));
        assertEquals(11, latest(side));
        try (org.lance.Dataset main = org.lance.Dataset.open(uri, allocator);
                org.lance.Dataset branch = org.lance.Dataset.open(side, allocator)) {
            assertEquals(100, main.countRows());
            assertEquals(150, branch.countRows());
        }
        assertSameRowsAtEveryVersion(side, "branch written concurrently with main");
    }

    /**
     * Main at versions 1-4 (create, delete, append, overwrite) written by the official library, with branch "x"
     * created from version 2 by {@code creator}.
     */
    private static String historyWithABranch(Path root, boolean officialBranch) throws Exception {
        OfficialWriter w = new OfficialWriter(allocator, root);
        w.create(SCHEMA, 0, 80);
        w.delete("id < 10");
        w.append(SCHEMA, 80, 20);
        if (officialBranch) {
            try (org.lance.Dataset main = org.lance.Dataset.open(w.uri(), allocator)) {
                main.createBranch("x", org.lance.Ref.ofMain(2)).close();
            }
        } else {
            try (dev.plainlance.lance.Dataset main = dev.plainlance.lance.Dataset.open(w.uri(), allocator)) {
                main.createBranch("x", dev.plainlance.lance.Ref.ofMain(2)).close();
            }
        }
        w.overwrite(SCHEMA, 200, 30);
        return w.uri();
    }

    private static List<Long> officialVersions(String uri) {
        try (org.lance.Dataset ds = org.lance.Dataset.open(uri, allocator)) {
            return ds.listVersions().stream().map(org.lance.Version::getId).toList();
        }
    }

    @ParameterizedTest(name = "branch created by the official library: {0}")
    @ValueSource(booleans = {true, false})
    void cleanupOfMainKeepsWhatTheOfficialCleanupKeepsAndBranchesStayReadable(boolean officialBranch) throws Exception {
        String byOfficial = historyWithABranch(dir.resolve("official"), officialBranch);
        String byPlain = historyWithABranch(dir.resolve("plain"), officialBranch);
        List<String> branchRows = Compare.officialRows(allocator, byPlain + "/tree/x", 2);
        try (org.lance.Dataset main = org.lance.Dataset.open(byOfficial, allocator)) {
            main.cleanupWithPolicy(org.lance.cleanup.CleanupPolicy.builder()
                    .withBeforeVersion(4)
                    .build());
        }
        try (dev.plainlance.lance.Dataset main = dev.plainlance.lance.Dataset.open(byPlain, allocator)) {
            main.cleanupWithPolicy(CleanupPolicy.builder().withBeforeVersion(4).build());
        }
        assertEquals(List.of(2L, 4L), officialVersions(byOfficial), "the official cleanup keeps the branched version");
        assertEquals(officialVersions(byOfficial), officialVersions(byPlain));
        String root = byPlain + "/tree/x";
        WriteInteropTest.assertSameLines(branchRows, Compare.officialRows(allocator, root, 2), "official read of x");
        WriteInteropTest.assertSameLines(branchRows, Compare.plainRows(allocator, root, 2), "plainlance read of x");

        try (dev.plainlance.lance.Dataset main = dev.plainlance.lance.Dataset.open(byPlain, allocator)) {
            main.branches().delete("x");
            assertTrue(main.branches().list().isEmpty());
        }
        assertFalse(Files.exists(dir.resolve("plain/ds/tree/x/_versions/latest_version_hint.json")));
        try (org.lance.Dataset main = org.lance.Dataset.open(byPlain, allocator)) {
            assertTrue(main.branches().list().isEmpty());
        }
        assertSameRowsAtEveryVersion(byPlain, "main after deleting its branch");
        try (dev.plainlance.lance.Dataset main = dev.plainlance.lance.Dataset.open(byPlain, allocator)) {
            main.cleanupWithPolicy(CleanupPolicy.builder().withBeforeVersion(4).build());
            assertEquals(
                    List.of(4L),
                    main.listVersions().stream().map(v -> v.getId()).toList());
        }
        assertSameRowsAtEveryVersion(byPlain, "main cleaned after deleting its branch");
    }
}
