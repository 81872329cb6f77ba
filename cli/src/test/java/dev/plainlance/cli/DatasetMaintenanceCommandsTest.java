package dev.plainlance.cli;

import static dev.plainlance.cli.DatasetCommandsTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.cli.DatasetCommandsTest.Result;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetMaintenanceCommandsTest {
    @TempDir
    Path dir;

    /** Writes ids {@code [from, to)} as an Arrow IPC file ({@code .arrow}) or stream (any other name). */
    private Path ids(String name, long from, long to) throws IOException {
        Schema schema = new Schema(List.of(new Field("id", FieldType.notNullable(new ArrowType.Int(64, true)), null)));
        Path file = dir.resolve(name);
        try (BufferAllocator allocator = new RootAllocator();
                VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
                FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            BigIntVector id = (BigIntVector) root.getVector(0);
            id.allocateNew((int) (to - from));
            for (long i = from; i < to; i++) {
                id.set((int) (i - from), i);
            }
            root.setRowCount((int) (to - from));
            if (name.endsWith(".arrow")) {
                try (ArrowFileWriter writer = new ArrowFileWriter(root, null, channel)) {
                    writer.start();
                    writer.writeBatch();
                    writer.end();
                }
            } else {
                try (ArrowStreamWriter writer = new ArrowStreamWriter(root, null, channel)) {
                    writer.start();
                    writer.writeBatch();
                    writer.end();
                }
            }
        }
        return file;
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
        assertEquals("compacted 2 fragments (4 files) into 1 (1 files): version 6", compacted.out().strip(),
                compacted.err());
        Result again = run("dataset", "compact", uri, "--target-rows-per-fragment", "5");
        assertEquals("nothing to compact: version 6 is unchanged", again.out().strip(), again.err());
        Result cleaned = run("dataset", "cleanup", uri, "--older-than", "0s", "--keep", "1");
        assertTrue(cleaned.out().startsWith("removed 5 versions, 4 data files, 0 deletion files, 5 transaction"),
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
        assertEquals(2, run("dataset", "add-columns", uri, "--expr", "no-equals-sign").code());
        Result unknown = run("dataset", "add-columns", uri, "--expr", "x=nope + 1");
        assertEquals(1, unknown.code());
        assertTrue(unknown.err().contains("position"), unknown.err());
        Result missing = run("dataset", "drop-columns", uri, "--columns", "nope");
        assertEquals(1, missing.code());
        assertEquals(1, missing.err().lines().count(), missing.err());
        assertTrue(missing.err().contains("'nope'"), missing.err());
    }
}
