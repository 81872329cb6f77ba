package dev.plainlance.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.catalog.CatalogCommit;
import dev.plainlance.lance.Dataset;
import dev.plainlance.lance.io.LocalStorage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Four writer JVMs commit to overlapping pairs of tables while this test kill -9s them at random moments, starts
 * new ones, and opens the catalog read-write in between. Afterwards every table at its pin equals the initial rows
 * plus, in log order, the rows of every operation published in the catalog log (by its writer or rolled forward by
 * recovery) — so an operation whose writer died is in all its tables or in none — and every acknowledged
 * operation is in the log. {@code -Dplainlance.chaosSeconds=N} runs longer (default 20). On a loaded machine a writer
 * JVM may need seconds to start, so the chaos goes on (up to three times as long) until the writers have
 * acknowledged {@value #MIN_ACKNOWLEDGED} commits, and a kill waits while no writer has acknowledged one since the
 * last kill.
 */
class MultiProcessCatalogTest {
    private static final int WRITERS = 4;
    private static final int MIN_ACKNOWLEDGED = 10;
    private static final Duration CHAOS = Duration.ofSeconds(Long.getLong("plainlance.chaosSeconds", 20));

    @TempDir
    Path dir;

    @Test
    void killedWritersNeverLeaveAMixedState() throws Exception {
        Path root = dir.resolve("catalog");
        Files.createDirectories(root);
        try (BufferAllocator allocator = new RootAllocator();
                CatalogSession session = CatalogSession.create(new LocalStorage(root), Tables.options(60), "setup")) {
            session.newCommit()
                    .createTable("a", Tables.rows(allocator, 0, 1))
                    .createTable("b", Tables.rows(allocator, 0, 1))
                    .createTable("c", Tables.rows(allocator, 0, 1))
                    .commit();
        }
        Random random = new Random(61);
        Process[] writers = new Process[WRITERS];
        int started = 0;
        int kills = 0;
        long start = System.nanoTime();
        long end = start + CHAOS.toNanos();
        long hardEnd = start + 3 * CHAOS.toNanos();
        long acknowledgedAtLastKill = 0;
        try {
            while (System.nanoTime() < end || (acknowledged() < MIN_ACKNOWLEDGED && System.nanoTime() < hardEnd)) {
                for (int w = 0; w < WRITERS; w++) {
                    if (writers[w] == null || !writers[w].isAlive()) {
                        writers[w] = start(root, w, 1000L * started++);
                    }
                }
                Thread.sleep(400 + random.nextInt(1200));
                long acknowledged = acknowledged();
                if (acknowledged == acknowledgedAtLastKill) {
                    continue; // the writers are still starting: killing them now would test nothing
                }
                acknowledgedAtLastKill = acknowledged;
                int victim = random.nextInt(WRITERS);
                writers[victim].destroyForcibly().waitFor();
                kills++;
                if (random.nextBoolean()) {
                    CatalogSession.open(
                                    new LocalStorage(root),
                                    OpenMode.READ_WRITE,
                                    RecoveryOptions.defaults().withLease(Duration.ofSeconds(2)))
                            .close();
                }
            }
        } finally {
            for (Process writer : writers) {
                if (writer != null) {
                    writer.destroyForcibly().waitFor(); // writers loop forever: never leave one behind
                }
            }
        }
        try (CatalogSession session = CatalogSession.open(
                new LocalStorage(root),
                OpenMode.READ_WRITE,
                RecoveryOptions.defaults().withLease(Duration.ZERO))) {
            check(session, kills);
        }
    }

    /** Commits the writers have acknowledged so far, read from their logs. */
    private long acknowledged() throws IOException {
        long count = 0;
        for (int w = 0; w < WRITERS; w++) {
            Path file = dir.resolve("writer-" + w + ".log");
            if (Files.exists(file)) {
                try (java.util.stream.Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
                    count += lines.filter(line -> line.startsWith("ack ")).count();
                }
            }
        }
        return count;
    }

    private Process start(Path root, int writer, long seed) throws Exception {
        return new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "--add-opens=java.base/java.nio=ALL-UNNAMED",
                        "-Xmx192m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        CatalogWriterMain.class.getName(),
                        root.toString(),
                        Integer.toString(writer),
                        Long.toString(seed),
                        dir.resolve("writer-" + writer + ".log").toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("writer-" + writer + ".out").toFile())
                .start();
    }

    private void check(CatalogSession session, int kills) throws Exception {
        assertEquals(List.of(), session.pendingSidecars(), "no sidecar after a clean read-write open");
        Map<String, String[]> attempts = new HashMap<>();
        Set<String> acknowledged = new HashSet<>();
        for (int w = 0; w < WRITERS; w++) {
            Path file = dir.resolve("writer-" + w + ".log");
            if (!Files.exists(file)) {
                continue;
            }
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] parts = line.split(" ");
                if (parts.length != 4) {
                    continue;
                }
                if (parts[0].equals("try")) {
                    attempts.put(parts[3], new String[] {parts[1], parts[2]});
                } else if (parts[0].equals("ack")) {
                    acknowledged.add(parts[3]);
                }
            }
        }

        Map<String, Set<Long>> expected = new TreeMap<>();
        for (String table : CatalogWriterMain.TABLES) {
            expected.put(table, new TreeSet<>(List.of(0L)));
        }
        Set<String> applied = new HashSet<>();
        List<CatalogCommit> log = new ArrayList<>(session.catalog().log());
        java.util.Collections.reverse(log);
        int recoveredForward = 0;
        for (CatalogCommit commit : log) {
            boolean writerCommit = commit.message().startsWith("id=");
            boolean rolledForward = commit.message().startsWith("roll forward ");
            if (!writerCommit && !rolledForward) {
                continue;
            }
            String operation = commit.operationId().orElseThrow();
            String[] attempt = attempts.get(operation);
            assertTrue(attempt != null, "commit " + commit + " belongs to a logged attempt");
            assertTrue(applied.add(operation), "operation " + operation + " published twice");
            recoveredForward += rolledForward ? 1 : 0;
            for (String table : attempt[1].split(",")) {
                assertTrue(
                        expected.get(table).add(Long.parseLong(attempt[0])), "id " + attempt[0] + " twice in " + table);
            }
        }
        Map<String, Set<Long>> actual = new TreeMap<>();
        for (String table : CatalogWriterMain.TABLES) {
            try (Dataset dataset = session.openTable(table)) {
                List<Long> ids = Tables.ids(dataset);
                actual.put(table, new TreeSet<>(ids));
                assertEquals(ids.size(), actual.get(table).size(), "no row twice in " + table);
            }
        }
        assertEquals(expected, actual, "every table at its pin = the commits of the log, applied in order");
        CrashRecoveryTest.assertPinsAreHeads(session);
        assertTrue(applied.containsAll(acknowledged), "every acknowledged commit is in the log");
        System.out.println("MultiProcessCatalogTest: " + kills + " kills, " + attempts.size() + " attempts, "
                + acknowledged.size() + " acknowledged, " + applied.size() + " in the log (" + recoveredForward
                + " rolled forward by recovery), " + session.audit().size() + " audit records");
        assertTrue(acknowledged.size() > 0, "the writers made progress");
    }
}
