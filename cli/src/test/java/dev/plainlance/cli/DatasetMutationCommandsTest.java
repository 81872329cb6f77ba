package dev.plainlance.cli;

import static dev.plainlance.cli.DatasetCommandsTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.cli.DatasetCommandsTest.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetMutationCommandsTest {
    @TempDir
    Path dir;

    private Path ids(String name, long from, long to) throws IOException {
        return IdFiles.write(dir.resolve(name), from, to);
    }

    @Test
    void writeDeleteRestoreAndTag() throws IOException {
        String uri = dir.resolve("ds").toString();
        Result created =
                run("dataset", "write", uri, "--input", ids("a.arrow", 0, 10).toString());
        assertEquals(0, created.code(), created.err());
        assertEquals("wrote version 1 of " + uri + " (10 rows)", created.out().strip());
        Result appended = run(
                "dataset",
                "write",
                uri,
                "--input",
                ids("b.arrows", 10, 15).toString(),
                "--mode",
                "append",
                "--file-version",
                "2.0");
        assertEquals("wrote version 2 of " + uri + " (15 rows)", appended.out().strip(), appended.err());
        Result deleted = run("dataset", "delete", uri, "--filter", "id % 2 = 0");
        assertEquals("deleted 8 rows: version 3 has 7 rows", deleted.out().strip(), deleted.err());
        assertEquals(0, run("dataset", "tag", "create", uri, "odd-only").code());
        assertEquals(
                0,
                run("dataset", "tag", "create", uri, "first", "--version", "1").code());
        Result restored = run("dataset", "restore", uri, "--version", "1");
        assertEquals("restored version 1 as version 4", restored.out().strip(), restored.err());
        assertEquals(10, run("dataset", "cat", uri).out().lines().count());
        assertEquals(
                7, run("dataset", "cat", uri, "--tag", "odd-only").out().lines().count());
        assertEquals(
                0,
                run("dataset", "tag", "update", uri, "odd-only", "--version", "2")
                        .code());
        assertEquals(0, run("dataset", "tag", "delete", uri, "first").code());
        String tags = run("dataset", "tag", "list", uri).out();
        assertTrue(tags.contains("odd-only  2"), tags);
        assertTrue(!tags.contains("first"), tags);
    }

    @Test
    void badInputsAreOneLineErrors() throws IOException {
        String uri = dir.resolve("ds").toString();
        Result missing = run(
                "dataset", "write", uri, "--input", dir.resolve("nope.arrow").toString());
        assertEquals(1, missing.code());
        assertTrue(missing.err().contains("does not exist"), missing.err());
        Path notArrow = Files.writeString(dir.resolve("x.arrows"), "not arrow at all");
        Result garbage = run("dataset", "write", uri, "--input", notArrow.toString());
        assertEquals(1, garbage.code());
        assertEquals(1, garbage.err().lines().count(), garbage.err());
        run("dataset", "write", uri, "--input", ids("a.arrow", 0, 3).toString());
        Result twice =
                run("dataset", "write", uri, "--input", ids("b.arrow", 0, 3).toString());
        assertEquals(1, twice.code());
        assertTrue(twice.err().contains("already exists"), twice.err());
        Result badFilter = run("dataset", "delete", uri, "--filter", "id >");
        assertEquals(1, badFilter.code());
        assertTrue(badFilter.err().contains("position"), badFilter.err());
        Result noName = run("dataset", "tag", "create", uri);
        assertEquals(2, noName.code(), "a missing argument is a usage error");
        assertTrue(noName.err().contains("needs a tag NAME"), noName.err());
        assertEquals(
                2,
                run("dataset", "write", uri, "--input", "x", "--mode", "upsert").code());
    }
}
