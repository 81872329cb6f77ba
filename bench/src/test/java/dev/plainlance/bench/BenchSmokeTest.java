package dev.plainlance.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs every case once on 10,000 rows with both libraries: the runner works and both give the same answers. */
class BenchSmokeTest {
    @Test
    void everyCaseRunsOnceOnSmallData(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int rc;
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            rc = Bench.run(
                    new String[] {"--rows", "10000", "--iterations", "1", "--warmup", "0", "--data-dir", dir.toString()
                    },
                    out);
        }
        String report = bytes.toString(StandardCharsets.UTF_8);
        System.out.println(report);
        assertEquals(0, rc, report);
        assertTrue(report.contains("== results"), report);
        for (String c : Bench.ALL_CASES) {
            for (String v : new String[] {"2.1", "2.0"}) {
                assertTrue(
                        report.lines().anyMatch(l -> l.startsWith(c) && l.contains(" " + v + " ")),
                        "no result line for " + c + " " + v + "\n" + report);
            }
        }
        // A second run reuses the cached datasets.
        bytes.reset();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            rc = Bench.run(
                    new String[] {
                        "--rows",
                        "10000",
                        "--iterations",
                        "1",
                        "--warmup",
                        "0",
                        "--cases",
                        "project",
                        "--data-dir",
                        dir.toString()
                    },
                    out);
        }
        report = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(0, rc, report);
        assertTrue(report.contains("cached at"), report);
    }

    @Test
    void expectedSums() {
        assertEquals(2_497_500_000.0, PerfData.expectedValueSum(10_000_000L));
        double sum = 0;
        for (long id = 0; id < 12_345; id++) {
            sum += (id % 1000) * 0.5;
        }
        assertEquals(sum, PerfData.expectedValueSum(12_345));
        byte[] name = new byte[PerfData.NAME_BYTES];
        PerfData.name(7, name);
        String s = new String(name, StandardCharsets.US_ASCII);
        assertTrue(s.matches("nm[0-9a-f]{14}"), s);
    }
}
