package dev.plainlance.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the packaged command as a user does: {@code bin/plainlance} on {@code cli/target/plainlance.jar}, its
 * {@code lib/} and its class-data sharing archive. Runs in the package phase (surefire execution
 * {@code packaged-cli}), once they exist. Not timed.
 */
class PackagedCliIT {
    private static final Path HOME = Path.of("").toAbsolutePath().getParent();
    private static final Path TARGET = HOME.resolve("cli/target");
    private static final Path ARCHIVE = TARGET.resolve("plainlance.jsa");

    @TempDir
    static Path dir;

    private static String dataset;

    record Run(int code, String out, String err) {}

    @BeforeAll
    static void oneRowDataset() throws IOException {
        Files.writeString(dir.resolve("one.jsonl"), "{\"id\":1}\n");
        Files.writeString(dir.resolve("one.schema"), "id:int64\n");
        dataset = dir.resolve("one.lance").toString();
        Run write = plainlance(
                Map.of(),
                "dataset",
                "write",
                dataset,
                "--input",
                dir.resolve("one.jsonl").toString(),
                "--schema",
                dir.resolve("one.schema").toString());
        assertEquals(0, write.code(), write.err());
    }

    @Test
    void outputPrintedWithoutAFinalPrintlnReachesTheTerminal() throws IOException {
        String graph = dir.resolve("g").toString();
        Path pg = Files.writeString(dir.resolve("g.pg"), "node Person {\n    name: String @key\n}\n");
        Path data = Files.writeString(dir.resolve("g.jsonl"), "{\"type\":\"Person\",\"data\":{\"name\":\"Ann\"}}\n");
        Path gq = Files.writeString(dir.resolve("q.gq"), "query q() { match { $p: Person } return { $p.name } }\n");
        assertEquals(
                0,
                plainlance(Map.of(), "graph", "init", graph, "--schema", pg.toString())
                        .code());
        assertEquals(
                0,
                plainlance(Map.of(), "graph", "load", graph, "--data", data.toString())
                        .code());
        Run query = plainlance(Map.of(), "graph", "query", graph, "--file", gq.toString(), "--name", "q");
        assertEquals("{\"name\":\"Ann\"}\n", query.out(), query.err());
        Run schema = plainlance(Map.of(), "graph", "schema", "show", graph);
        assertTrue(schema.out().contains("node Person"), schema.out() + schema.err());
    }

    @Test
    void datasetInfoRunsThroughBinPlainlance() throws IOException {
        assertAnswers(plainlance(Map.of(), "dataset", "info", dataset));
    }

    @Test
    void theBuiltArchiveFitsThisJdkAndJar() throws IOException {
        // -Xshare:on makes the JVM refuse to start when it cannot use the archive.
        assertAnswers(plainlance(Map.of("PLAINLANCE_JAVA_OPTS", "-Xshare:on"), "dataset", "info", dataset));
    }

    @Test
    void datasetInfoLoadsNeitherJacksonDatabindNorArrowSchemaNorAnAllocatorNorOtherCommands() throws IOException {
        // The lazy initialisation that start-up depends on; class loading is logged for archived classes too.
        Path classes = dir.resolve("classes.txt");
        assertAnswers(plainlance(
                Map.of("PLAINLANCE_JAVA_OPTS", "-Xlog:class+load=info:file=" + classes), "dataset", "info", dataset));
        String loaded = Files.readString(classes);
        assertTrue(loaded.contains(" dev.plainlance.cli.DatasetInfoCommand "), "class loading was not logged");
        for (String heavy : List.of(
                "com.fasterxml.jackson.databind.ObjectMapper",
                "org.apache.arrow.vector.types.pojo.Schema",
                "org.apache.arrow.memory.RootAllocator", // nothing is allocated, so no allocator is created
                "dev.plainlance.cli.CatalogCommand$Create", // the catalog tree is not built
                "dev.plainlance.cli.CompactionFlags", // nor the other dataset subcommands (a mixin of compact)
                "dev.plainlance.testkit.cli.CrashCampaignCommand")) {
            assertFalse(loaded.contains(" " + heavy + " "), heavy + " was loaded");
        }
    }

    @Test
    void theJvmKeepsItsOptimizedModuleHandling() throws IOException {
        // A module option such as --add-opens on the command line turns the archive's optimised module handling
        // off; the manifest's Add-Opens does not.
        Path log = dir.resolve("cds.txt");
        assertAnswers(
                plainlance(Map.of("PLAINLANCE_JAVA_OPTS", "-Xlog:cds=info:file=" + log), "dataset", "info", dataset));
        String cds = Files.readString(log);
        assertTrue(cds.contains("optimized module handling: enabled"), cds);
    }

    @Test
    void picocliComesFromTheArchive() throws IOException {
        // picocli's classes are Java 5 class files, which only a static archive holds
        Path classes = dir.resolve("picocli-classes.txt");
        assertAnswers(plainlance(
                Map.of("PLAINLANCE_JAVA_OPTS", "-Xlog:class+load=info:file=" + classes), "dataset", "info", dataset));
        List<String> picocli = Files.readAllLines(classes).stream()
                .filter(l -> l.contains(" picocli.CommandLine "))
                .toList();
        assertEquals(1, picocli.size(), picocli.toString());
        assertTrue(picocli.get(0).contains("source: shared objects file"), picocli.get(0));
    }

    @Test
    void aCorruptArchiveIsRejectedAndTheCommandStillAnswers() throws IOException {
        Path corrupt = copyOfArchive("corrupt.jsa");
        byte[] noise = new byte[64];
        new Random(1).nextBytes(noise);
        try (RandomAccessFile file = new RandomAccessFile(corrupt.toFile(), "rw")) {
            file.seek(200); // past the header checks: without VerifySharedSpaces this crashes the JVM
            file.write(noise);
        }
        assertAnswers(plainlance(Map.of("PLAINLANCE_CDS_ARCHIVE", corrupt.toString()), "dataset", "info", dataset));
    }

    @Test
    void aTruncatedArchiveIsNotPassedAndTheCommandStillAnswers() throws IOException {
        Path truncated = copyOfArchive("truncated.jsa");
        try (RandomAccessFile file = new RandomAccessFile(truncated.toFile(), "rw")) {
            file.setLength(file.length() / 2);
        }
        assertAnswers(plainlance(Map.of("PLAINLANCE_CDS_ARCHIVE", truncated.toString()), "dataset", "info", dataset));
    }

    @Test
    void aStaleArchiveIsIgnoredAndTheCommandStillAnswers() throws IOException, InterruptedException {
        // An archive of the same jars at another path: the JVM finds the class path changed, as after a rebuild.
        Path moved = dir.resolve("moved");
        Files.createDirectories(moved.resolve("lib"));
        Files.copy(TARGET.resolve("plainlance.jar"), moved.resolve("plainlance.jar"));
        try (Stream<Path> jars = Files.list(TARGET.resolve("lib"))) {
            for (Path jar : jars.toList()) {
                Files.copy(jar, moved.resolve("lib").resolve(jar.getFileName()));
            }
        }
        Path stale = dir.resolve("stale.jsa");
        Process dump = new ProcessBuilder(
                        java(),
                        "-XX:ArchiveClassesAtExit=" + stale,
                        "-jar",
                        moved.resolve("plainlance.jar").toString(),
                        "--version")
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("dump.out").toFile())
                .start();
        assertTrue(dump.waitFor(120, TimeUnit.SECONDS));
        assertTrue(Files.size(stale) > 0, "no archive dumped");
        Files.writeString(Path.of(stale + ".size"), Long.toString(Files.size(stale)));

        assertAnswers(plainlance(Map.of("PLAINLANCE_CDS_ARCHIVE", stale.toString()), "dataset", "info", dataset));
        Run forced = plainlance(
                Map.of("PLAINLANCE_CDS_ARCHIVE", stale.toString(), "PLAINLANCE_JAVA_OPTS", "-Xshare:on"),
                "dataset",
                "info",
                dataset);
        assertNotEquals(0, forced.code(), "the archive was not stale: " + forced.out());
    }

    @Test
    void aMissingArchiveIsNotPassed() throws IOException {
        assertAnswers(plainlance(
                Map.of("PLAINLANCE_CDS_ARCHIVE", dir.resolve("none.jsa").toString()), "dataset", "info", dataset));
        assertAnswers(plainlance(Map.of("PLAINLANCE_CDS_ARCHIVE", ""), "dataset", "info", dataset));
    }

    @Test
    void theJarAndLibCarryNoJqwikAndTheCrashCampaignComesFromTheTestkitJar() throws IOException {
        try (JarFile jar = new JarFile(TARGET.resolve("plainlance.jar").toFile())) {
            assertFalse(
                    jar.stream()
                            .anyMatch(e -> e.getName().startsWith("dev/plainlance/testkit/")
                                    || e.getName().startsWith("net/jqwik/")),
                    "testkit or jqwik classes in plainlance.jar");
        }
        List<String> lib = new ArrayList<>();
        try (Stream<Path> jars = Files.list(TARGET.resolve("lib"))) {
            jars.forEach(p -> lib.add(p.getFileName().toString()));
        }
        assertTrue(lib.stream().anyMatch(n -> n.startsWith("testkit-0")), lib.toString());
        assertFalse(
                lib.stream()
                        .anyMatch(n -> n.startsWith("jqwik") || n.startsWith("testkit-arrow") || n.startsWith("junit")),
                lib.toString());

        Run help = plainlance(Map.of(), "--help");
        assertEquals(0, help.code(), help.err());
        assertTrue(help.out().contains("  crash-campaign "), help.out());
    }

    private static void assertAnswers(Run run) {
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().startsWith("Dataset:"), run.out()); // no JVM warning before the answer
        assertTrue(run.out().contains("\nRows:           1\n"), run.out());
        assertEquals("", run.err());
    }

    private static Path copyOfArchive(String name) throws IOException {
        Path copy = dir.resolve(name);
        Files.copy(ARCHIVE, copy);
        Files.copy(Path.of(ARCHIVE + ".size"), Path.of(copy + ".size"));
        copy.toFile().setWritable(true);
        return copy;
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Runs bin/plainlance with the JDK running this test (the one the build dumped the archive with). */
    private static Run plainlance(Map<String, String> env, String... args) throws IOException {
        List<String> command =
                new ArrayList<>(List.of(HOME.resolve("bin/plainlance").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("PLAINLANCE_JAVA_OPTS");
        builder.environment().remove("PLAINLANCE_CDS_ARCHIVE");
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().putAll(env);
        String name = Long.toString(System.nanoTime());
        Path out = dir.resolve(name + ".out");
        Path err = dir.resolve(name + ".err");
        Process process =
                builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            assertTrue(process.waitFor(120, TimeUnit.SECONDS), "plainlance did not finish: " + command);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
    }
}
