package dev.plainlance.bench.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One small iteration of both systems: loaded, upserted, looked up and checked. */
class GraphBenchSmokeTest {
    @Test
    void bothSystemsLoadUpsertAndLookUp(@TempDir Path dir) throws Exception {
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
                        "--dir",
                        dir.toString()
                    },
                    out);
        }
        String report = bytes.toString(StandardCharsets.UTF_8);
        System.out.println(report);
        assertEquals(0, rc, report);
        assertTrue(report.lines().noneMatch(l -> l.contains("skipped")), report);
        assertTrue(report.lines().anyMatch(l -> l.contains("neo4j") && l.contains("all found")), report);
        assertTrue(report.lines().anyMatch(l -> l.contains("plainlance") && l.contains("all found")), report);
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
                        "--dir",
                        dir.toString()
                    },
                    out);
        }
        String report = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(0, rc, report);
        assertTrue(report.lines().anyMatch(l -> l.startsWith("lookup p99 ms") && !l.contains("skipped")), report);
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
        }
    }
}
