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

    /** An Arrow IPC file of three blob v2 rows: two 100,000-byte values and one URI. */
    private Path blobFile(Path file) throws IOException {
        org.apache.arrow.vector.types.pojo.Schema schema = new org.apache.arrow.vector.types.pojo.Schema(
                java.util.List.of(new org.apache.arrow.vector.types.pojo.Field(
                        "blob",
                        new org.apache.arrow.vector.types.pojo.FieldType(
                                true,
                                org.apache.arrow.vector.types.pojo.ArrowType.Struct.INSTANCE,
                                null,
                                java.util.Map.of("ARROW:extension:name", "lance.blob.v2")),
                        java.util.List.of(
                                org.apache.arrow.vector.types.pojo.Field.nullable(
                                        "data", org.apache.arrow.vector.types.pojo.ArrowType.LargeBinary.INSTANCE),
                                org.apache.arrow.vector.types.pojo.Field.nullable(
                                        "uri", org.apache.arrow.vector.types.pojo.ArrowType.Utf8.INSTANCE)))));
        try (org.apache.arrow.memory.BufferAllocator allocator = new org.apache.arrow.memory.RootAllocator();
                org.apache.arrow.vector.VectorSchemaRoot root =
                        org.apache.arrow.vector.VectorSchemaRoot.create(schema, allocator);
                java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(
                        file, java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE);
                org.apache.arrow.vector.ipc.ArrowFileWriter writer =
                        new org.apache.arrow.vector.ipc.ArrowFileWriter(root, null, channel)) {
            org.apache.arrow.vector.complex.StructVector blob =
                    (org.apache.arrow.vector.complex.StructVector) root.getVector(0);
            org.apache.arrow.vector.LargeVarBinaryVector data =
                    (org.apache.arrow.vector.LargeVarBinaryVector) blob.getChild("data");
            org.apache.arrow.vector.VarCharVector uri = (org.apache.arrow.vector.VarCharVector) blob.getChild("uri");
            for (int i = 0; i < 3; i++) {
                blob.setIndexDefined(i);
                if (i < 2) {
                    data.setSafe(i, new byte[100_000]);
                    uri.setNull(i);
                } else {
                    data.setNull(i);
                    uri.setSafe(i, "s3://bucket/elsewhere.bin".getBytes(java.nio.charset.StandardCharsets.UTF_8));
                }
            }
            data.setValueCount(3);
            uri.setValueCount(3);
            blob.setValueCount(3);
            root.setRowCount(3);
            writer.start();
            writer.writeBatch();
            writer.end();
        }
        return file;
    }

    @Test
    void writeTakesTheBlobV2Options() throws IOException {
        Path input = blobFile(dir.resolve("blobs.arrow"));
        String uri = dir.resolve("blobs").toString();
        Result refused = run("dataset", "write", uri, "--input", input.toString(), "--file-version", "2.2");
        assertEquals(1, refused.err().strip().lines().count(), refused.err());
        assertTrue(
                refused.code() != 0
                        && refused.err().contains("column 'blob'")
                        && refused.err().contains("--allow-external-blob-outside-bases"),
                refused.err());
        Result written = run(
                "dataset",
                "write",
                uri,
                "--input",
                input.toString(),
                "--file-version",
                "2.2",
                "--blob-pack-file-size-threshold",
                "150000",
                "--allow-external-blob-outside-bases");
        assertEquals("wrote version 1 of " + uri + " (3 rows)", written.out().strip(), written.err());
        try (java.util.stream.Stream<Path> files = Files.walk(dir.resolve("blobs/data"))) {
            assertEquals(
                    2,
                    files.filter(f -> f.toString().endsWith(".blob")).count(),
                    "two pack files: the second value would have made the first larger than the threshold");
        }
    }
}
