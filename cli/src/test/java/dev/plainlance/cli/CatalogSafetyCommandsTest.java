package dev.plainlance.cli;

import static dev.plainlance.cli.DatasetCommandsTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.cli.DatasetCommandsTest.Result;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Issue 12 through the command line: maintenance, bad keys and bad sidecars never lose data or wedge a catalog. */
class CatalogSafetyCommandsTest {
    @TempDir
    Path dir;

    private String root;

    private String setUp() throws IOException {
        root = dir.resolve("cat").toString();
        assertEquals(0, run("catalog", "create", root).code());
        commit("a", 0, 2);
        return root;
    }

    private void commit(String key, long from, long to) throws IOException {
        Result result = run(
                "catalog",
                "commit",
                root,
                "--table",
                key + "=" + IdFiles.write(dir.resolve(key + from + ".arrow"), from, to));
        assertEquals(0, result.code(), result.err());
    }

    private Path tableA() throws IOException {
        try (Stream<Path> tables = Files.list(Path.of(root, "tables"))) {
            return tables.filter(p -> p.getFileName().toString().startsWith("a-"))
                    .findFirst()
                    .orElseThrow();
        }
    }

    private List<String> files() throws IOException {
        try (Stream<Path> all = Files.walk(Path.of(root))) {
            return all.map(Path::toString).sorted().toList();
        }
    }

    /** The report: compact moved HEAD past the pin, cleanup then removed the pinned version. */
    @Test
    void directMaintenanceOfACatalogTableIsRefusedAndCatalogCleanupKeepsThePin() throws IOException {
        setUp();
        commit("a", 2, 4);
        Result compact = run("dataset", "compact", tableA().toString());
        assertEquals(1, compact.code());
        assertTrue(
                compact.err().startsWith("plainlance: cannot compact ")
                        && compact.err().contains("table 'a'"),
                compact.err());
        assertTrue(compact.err().contains("plainlance catalog compact"), compact.err());
        assertEquals(1, compact.err().lines().count(), compact.err());
        Result cleanup = run("dataset", "cleanup", tableA().toString(), "--older-than", "0s");
        assertEquals(1, cleanup.code());
        assertTrue(cleanup.err().contains("plainlance catalog cleanup"), cleanup.err());
        commit("a", 4, 5);

        Result catalogCleanup = run("catalog", "cleanup", root, "--older-than", "0s");
        assertEquals(0, catalogCleanup.code(), catalogCleanup.err());
        assertTrue(catalogCleanup.out().contains("table a: removed 2 versions"), catalogCleanup.out());
        Result cat = run("catalog", "cat", root, "a");
        assertEquals(0, cat.code(), cat.err());
        assertEquals(5, cat.out().lines().count());
        commit("a", 5, 6);
    }

    /** The supported way: compaction through the catalog moves the pin with it, and writers go on. */
    @Test
    void catalogCompactMovesThePinAndLaterCommitsAndCleanupsWork() throws IOException {
        setUp();
        commit("a", 2, 4);
        commit("a", 4, 5);
        Result compact = run("catalog", "compact", root, "a");
        assertEquals(0, compact.code(), compact.err());
        assertTrue(
                compact.out().contains("compacted 3 fragments of table a into 1: pinned at version 4 on main"),
                compact.out());
        Result again = run("catalog", "compact", root, "a");
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().contains("nothing to compact: table a stays at version 4"), again.out());
        commit("a", 5, 6);
        assertEquals(0, run("catalog", "cleanup", root, "--older-than", "0s").code());
        Result cat = run("catalog", "cat", root, "a");
        assertEquals(0, cat.code(), cat.err());
        assertEquals(6, cat.out().lines().count(), cat.out());
        assertEquals(2, run("catalog", "compact", root).code(), "the key is required");
    }

    /** A table made before the catalog wrote its config marker is recognised by its place in the layout. */
    @Test
    void aCatalogTableWithoutTheMarkerIsRecognisedByItsLayout() throws IOException {
        setUp();
        String legacy =
                Path.of(root, "tables", "old-01JD0000000000000000000000").toString();
        assertEquals(
                0,
                run(
                                "dataset",
                                "write",
                                legacy,
                                "--input",
                                IdFiles.write(dir.resolve("o.arrow"), 0, 3).toString())
                        .code());
        Result compact = run("dataset", "compact", legacy);
        assertEquals(1, compact.code());
        assertTrue(compact.err().contains("table 'old'"), compact.err());
        Result elsewhere = run(
                "dataset",
                "write",
                dir.resolve("plain").toString(),
                "--input",
                dir.resolve("o.arrow").toString());
        assertEquals(0, elsewhere.code());
        assertEquals(
                0,
                run("dataset", "cleanup", dir.resolve("plain").toString(), "--older-than", "0s")
                        .code());
    }

    static List<String> invalidKeys() {
        return List.of("", ".", "..", "a/b", "a\\b", "a\nb", "a\tb", "k".repeat(129), "é中文", "%2e%2e/evil", ".hidden");
    }

    @ParameterizedTest
    @MethodSource("invalidKeys")
    void anInvalidKeyIsRefusedAndNothingIsWritten(String key) throws IOException {
        setUp();
        List<String> before = files();
        Result bad =
                run("catalog", "commit", root, "--table", key + "=" + IdFiles.write(dir.resolve("x.arrow"), 9, 10));
        assertEquals(1, bad.code());
        assertTrue(bad.err().startsWith("plainlance: invalid table key '"), bad.err());
        assertEquals(1, bad.err().lines().count(), bad.err());
        assertEquals(before, files());
        Result recover = run("catalog", "recover", root, "--lease-seconds", "0");
        assertEquals(0, recover.code(), recover.err());
        commit("a", 2, 3);
    }

    @Test
    void anUnreadableSidecarIsReportedBlocksNoOtherWriterAndCanBeQuarantined() throws IOException {
        setUp();
        String id = "01JD0000000000000000000000";
        Files.writeString(Path.of(root, "__recovery", id + ".json"), "{not json", StandardCharsets.UTF_8);
        Result recover = run("catalog", "recover", root, "--lease-seconds", "0");
        assertEquals(1, recover.code());
        assertTrue(recover.err().contains(id + ".json") && recover.err().contains("not valid JSON"), recover.err());
        commit("a", 2, 3);
        commit("b", 100, 101);
        Result status = run("catalog", "status", root);
        assertTrue(status.out().contains("1 pending operation(s)"), status.out());

        Result quarantine = run("catalog", "recover", root, "--quarantine", id);
        assertEquals(0, quarantine.code(), quarantine.err());
        assertTrue(Files.exists(Path.of(root, "__recovery", "quarantine", id + ".json")));
        assertEquals(0, run("catalog", "recover", root).code());
        Result audit = run("catalog", "audit", root);
        assertTrue(audit.out().contains("QUARANTINED"), audit.out());
    }
}
