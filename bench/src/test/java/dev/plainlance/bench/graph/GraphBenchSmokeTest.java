package dev.plainlance.bench.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One small iteration of both systems: loaded, upserted, looked up, queried (one round of every query) and checked.
 * Nothing here looks at a time: the bench checks every query answer against its reference and across the systems.
 */
class GraphBenchSmokeTest {
    @Test
    void bothSystemsLoadUpsertLookUpAndAgreeOnTheQueries(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int rc;
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            rc = GraphBench.run(
                    new String[] {
                        "--persons",
                        "300",
                        "--follows",
                        "2000",
                        "--upserts",
                        "10",
                        "--lookups",
                        "20",
                        "--iterations",
                        "1",
                        "--pagecache-mb",
                        "32",
                        "--query-rounds",
                        "1",
                        "--query-warmup",
                        "0",
                        "--query-seeds",
                        "4",
                        "--dir",
                        dir.toString()
                    },
                    out);
        }
        String report = bytes.toString(StandardCharsets.UTF_8);
        System.out.println(report);
        assertEquals(0, rc, report);
        assertTrue(report.lines().noneMatch(l -> l.contains("skipped") || l.contains("FAILED")), report);
        assertTrue(report.lines().anyMatch(l -> l.contains("neo4j") && l.contains("all found")), report);
        assertTrue(report.lines().anyMatch(l -> l.contains("plainlance") && l.contains("all found")), report);
        for (BenchQuery q : BenchQuery.values()) {
            String row = q.id + " ";
            assertTrue(
                    report.lines().anyMatch(l -> l.startsWith(row) && l.contains(q.seeded ? "1x4" : "1x1")),
                    "no result row for " + q.id + "\n" + report);
        }
        assertTrue(report.contains("checked against the reference and between the systems: all agree"), report);
    }

    @Test
    void queryPhaseRunsTheChosenQueriesOnOneSystem(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int rc;
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            rc = GraphBench.run(
                    new String[] {
                        "--persons",
                        "120",
                        "--follows",
                        "900",
                        "--upserts",
                        "4",
                        "--lookups",
                        "5",
                        "--iterations",
                        "1",
                        "--systems",
                        "plainlance",
                        "--queries",
                        "2hop,reach4,shortest",
                        "--query-rounds",
                        "2",
                        "--query-warmup",
                        "1",
                        "--query-seeds",
                        "3",
                        "--dir",
                        dir.toString()
                    },
                    out);
        }
        String report = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(0, rc, report);
        assertTrue(report.lines().anyMatch(l -> l.startsWith("2hop ") && l.contains("2x1")), report);
        assertTrue(report.lines().anyMatch(l -> l.startsWith("reach4 ") && l.contains("2x3")), report);
        assertTrue(report.lines().anyMatch(l -> l.startsWith("shortest ") && l.contains("2x3")), report);
        assertTrue(report.lines().noneMatch(l -> l.startsWith("top10 ")), report);
        assertTrue(report.contains("all agree"), report);
    }

    @Test
    void oneSystemAloneReports(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int rc;
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            rc = GraphBench.run(
                    new String[] {
                        "--persons",
                        "50",
                        "--follows",
                        "100",
                        "--iterations",
                        "2",
                        "--systems",
                        "plainlance",
                        "--queries",
                        "none",
                        "--dir",
                        dir.toString()
                    },
                    out);
        }
        String report = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(0, rc, report);
        assertTrue(report.lines().anyMatch(l -> l.startsWith("lookup p99 ms") && !l.contains("skipped")), report);
        assertTrue(report.lines().noneMatch(l -> l.startsWith("== queries")), report);
    }

    @Test
    void percentileIsNearestRank() {
        long[] v = new long[200];
        for (int i = 0; i < v.length; i++) {
            v[i] = i + 1;
        }
        assertEquals(100, GraphBench.percentile(v, 50));
        assertEquals(198, GraphBench.percentile(v, 99));
        assertEquals(1, GraphBench.percentile(new long[] {1}, 99));
    }

    @Test
    void badArgumentsExitTwo() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            assertEquals(2, GraphBench.run(new String[] {"--systems", "mysql"}, out));
            assertEquals(2, GraphBench.run(new String[] {"--persons", "3", "--follows", "7"}, out));
            assertEquals(2, GraphBench.run(new String[] {"--queries", "5hop"}, out));
            assertEquals(2, GraphBench.run(new String[] {"--query-rounds", "0"}, out));
        }
    }
}
