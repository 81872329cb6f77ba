package dev.plainlance.cli;

import static dev.plainlance.cli.DatasetCommandsTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.cli.DatasetCommandsTest.Result;
import dev.plainlance.lance.failpoint.Failpoint;
import dev.plainlance.recovery.RecoveryFailpoints;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The catalog commands, and real crashes: a separate JVM runs {@code catalog commit --halt-at P} and stops with
 * {@code Runtime.halt} at failpoint P; a read-write open afterwards shows exactly the state before or after.
 */
class CatalogCommandsTest {
    @TempDir
    Path dir;

    private Path ids(String name, long from, long to) throws IOException {
        return IdFiles.write(dir.resolve(name), from, to);
    }

    private String setUp() throws IOException {
        String root = dir.resolve("cat").toString();
        assertEquals(0, run("catalog", "create", root).code());
        Result first = run(
                "catalog",
                "commit",
                root,
                "--table",
                "a=" + ids("a0.arrow", 0, 3),
                "--table",
                "b=" + ids("b0.arrow", 100, 102),
                "--actor",
                "setup");
        assertEquals(0, first.code(), first.err());
        return root;
    }

    private List<String> cat(String root, String key) {
        Result result = run("catalog", "cat", root, key);
        assertEquals(0, result.code(), result.err());
        return result.out().lines().toList();
    }

    @Test
    void createCommitCatStatusAndLog() throws IOException {
        String root = setUp();
        assertEquals(List.of("{\"id\":0}", "{\"id\":1}", "{\"id\":2}"), cat(root, "a"));
        Result status = run("catalog", "status", root, "--json");
        assertTrue(status.out().contains("\"pending_sidecars\" : [ ]"), status.out());
        assertTrue(status.out().contains("\"version\" : 1"), status.out());
        Result log = run("catalog", "log", root);
        assertTrue(log.out().contains("setup") && log.out().contains("create catalog"), log.out());
        Result failpoints = run("catalog", "failpoints");
        assertTrue(failpoints.out().contains("multitable.commit.sidecar_written"), failpoints.out());
        Result unknown = run("catalog", "commit", root, "--table", "a=" + ids("x.arrow", 5, 6), "--halt-at", "nope");
        assertEquals(1, unknown.code());
        assertTrue(unknown.err().contains("unknown failpoint 'nope'"), unknown.err());
        assertEquals(3, cat(root, "a").size(), "a refused command changed nothing");
        Result missing = run("catalog", "cat", dir.resolve("none").toString(), "a");
        assertEquals(1, missing.code());
        assertTrue(missing.err().startsWith("plainlance: no catalog at"), missing.err());
    }

    static Stream<String> haltPoints() {
        List<String> points = new ArrayList<>();
        for (Failpoint point : CatalogCommand.failpoints()) {
            points.add(point.name());
        }
        points.add(RecoveryFailpoints.TABLE_COMMITTED.name() + ":2");
        points.add("dataset.commit.manifest_written:2");
        return points.stream();
    }

    private Process java(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-opens=java.base/java.nio=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    private int exit(Process process) throws Exception {
        assertTrue(process.waitFor(2, TimeUnit.MINUTES));
        process.getInputStream().readAllBytes();
        return process.exitValue();
    }

    static Stream<String> recoveryPoints() {
        return RecoveryFailpoints.RECOVERY.stream().map(Failpoint::name);
    }

    @ParameterizedTest(name = "recovery halted at {0}")
    @MethodSource("recoveryPoints")
    void aRecoveryJvmHaltedAtAnyStepIsFinishedByTheNextOne(String point) throws Exception {
        String root = setUp();
        List<String> beforeA = cat(root, "a");
        assertEquals(
                CatalogCommand.HALT_STATUS,
                exit(java(
                        "catalog",
                        "commit",
                        root,
                        "--table",
                        "a=" + ids("a1.arrow", 3, 5),
                        "--table",
                        "b=" + ids("b1.arrow", 102, 103),
                        "--halt-at",
                        RecoveryFailpoints.TABLE_COMMITTED.name())));
        assertEquals(
                CatalogCommand.HALT_STATUS,
                exit(java("catalog", "recover", root, "--lease-seconds", "0", "--halt-at", point)));
        Result finished = run("catalog", "recover", root, "--lease-seconds", "0");
        assertEquals(0, finished.code(), finished.err());
        assertEquals(beforeA, cat(root, "a"));
        assertEquals(2, cat(root, "b").size());
        Result audit = run("catalog", "audit", root);
        assertEquals(
                1, audit.out().lines().filter(l -> l.contains("ROLLED_BACK")).count(), audit.out());
    }

    @ParameterizedTest(name = "halt at {0}")
    @MethodSource("haltPoints")
    void aJvmHaltedAtAnyFailpointIsRecoveredToBeforeOrAfter(String point) throws Exception {
        String root = setUp();
        List<String> beforeA = cat(root, "a");
        List<String> beforeB = cat(root, "b");
        Process writer = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "--add-opens=java.base/java.nio=ALL-UNNAMED",
                        "-cp",
                        System.getProperty("java.class.path"),
                        Main.class.getName(),
                        "catalog",
                        "commit",
                        root,
                        "--table",
                        "a=" + ids("a1.arrow", 3, 5),
                        "--table",
                        "b=" + ids("b1.arrow", 102, 103),
                        "--halt-at",
                        point)
                .redirectErrorStream(true)
                .start();
        assertTrue(writer.waitFor(2, TimeUnit.MINUTES));
        String output = new String(writer.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean onCommitPath = !point.startsWith("recovery.sweep.") || point.equals("recovery.sweep.listed");
        assertEquals(onCommitPath ? CatalogCommand.HALT_STATUS : 0, writer.exitValue(), output);

        Result recovered = run("catalog", "recover", root, "--lease-seconds", "0");
        assertEquals(0, recovered.code(), recovered.err());
        List<String> a = cat(root, "a");
        List<String> b = cat(root, "b");
        boolean before = a.equals(beforeA) && b.equals(beforeB);
        boolean after = a.size() == 5 && b.size() == 3;
        assertTrue(before ^ after, "whole state before or after, got a=" + a + " b=" + b);
        assertTrue(run("catalog", "status", root, "--json").out().contains("\"pending_sidecars\" : [ ]"));
        Result next = run("catalog", "commit", root, "--table", "a=" + ids("a2.arrow", 9, 10));
        assertEquals(0, next.code(), "not wedged: " + next.err());
    }
}
