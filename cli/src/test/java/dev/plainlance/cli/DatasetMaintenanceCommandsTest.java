package dev.plainlance.cli;

import static dev.plainlance.cli.DatasetCommandsTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.cli.DatasetCommandsTest.Result;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetMaintenanceCommandsTest {
    @TempDir
    Path dir;

    private Path ids(String name, long from, long to) throws IOException {
        return IdFiles.write(dir.resolve(name), from, to);
    }

    @Test
    void addDropCompactAndCleanup() throws IOException {
        String uri = dir.resolve("ds").toString();
        run("dataset", "write", uri, "--input", ids("a.arrow", 0, 10).toString());
        run("dataset", "write", uri, "--input", ids("b.arrow", 10, 20).toString(), "--mode", "append");
        Result added = run("dataset", "add-columns", uri, "--expr", "double_id=id * 2", "--expr", "big = id > 15");
        assertEquals("added 2 columns: version 3", added.out().strip(), added.err());
        assertTrue(run("dataset", "cat", uri).out().contains("\"double_id\":38,\"big\":true"));
        Result dropped = run("dataset", "drop-columns", uri, "--columns", "big");
        assertEquals("dropped big: version 4", dropped.out().strip(), dropped.err());
        Result compacted = run("dataset", "compact", uri);
        assertEquals(
                "compacted 2 fragments (4 files) into 1 (1 files): version 6",
                compacted.out().strip(),
                compacted.err());
        Result again = run("dataset", "compact", uri, "--target-rows-per-fragment", "5");
        assertEquals("nothing to compact: version 6 is unchanged", again.out().strip(), again.err());
        Result cleaned = run("dataset", "cleanup", uri, "--older-than", "0s", "--keep", "1");
        assertTrue(
                cleaned.out().startsWith("removed 5 versions, 4 data files, 0 deletion files, 5 transaction"),
                cleaned.out() + cleaned.err());
        assertEquals(20, run("dataset", "cat", uri).out().lines().count());
        assertEquals(1, run("dataset", "cat", uri, "--version", "5").code());
    }

    @Test
    void badArgumentsAreUsageOrOneLineErrors() throws IOException {
        String uri = dir.resolve("ds").toString();
        run("dataset", "write", uri, "--input", ids("a.arrow", 0, 3).toString());
        Result duration = run("dataset", "cleanup", uri, "--older-than", "7 days");
        assertEquals(2, duration.code());
        assertTrue(duration.err().contains("not a duration"), duration.err());
        assertEquals(
                2,
                run("dataset", "add-columns", uri, "--expr", "no-equals-sign").code());
        Result unknown = run("dataset", "add-columns", uri, "--expr", "x=nope + 1");
        assertEquals(1, unknown.code());
        assertTrue(unknown.err().contains("position"), unknown.err());
        Result missing = run("dataset", "drop-columns", uri, "--columns", "nope");
        assertEquals(1, missing.code());
        assertEquals(1, missing.err().lines().count(), missing.err());
        assertTrue(missing.err().contains("'nope'"), missing.err());
    }
}
