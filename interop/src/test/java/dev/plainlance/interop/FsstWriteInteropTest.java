package dev.plainlance.interop;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.lance.WriteParams;
import dev.plainlance.lance.arrow.ArrowReaders;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.LargeVarCharVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * String pages large enough for FSST (at least 32 KiB per page): plainlance compresses them with its own trained
 * symbol tables, and the official library reads every value back — repetitive text, random text, unicode, empty
 * strings, nulls, binary and large strings.
 */
class FsstWriteInteropTest {
    private static final Schema SCHEMA = new Schema(List.of(
            new Field("id", FieldType.notNullable(new ArrowType.Int(64, true)), null),
            new Field("email", FieldType.nullable(ArrowType.Utf8.INSTANCE), null),
            new Field("noise", FieldType.nullable(ArrowType.Utf8.INSTANCE), null),
            new Field("blob", FieldType.nullable(ArrowType.Binary.INSTANCE), null),
            new Field("large", FieldType.nullable(ArrowType.LargeUtf8.INSTANCE), null)));

    @TempDir
    Path dir;

    @Test
    void theOfficialLibraryReadsFsstPagesPlainlanceWrites() throws Exception {
        String uri = dir.resolve("ds").toString();
        int rows = 20_000;
        Random random = new Random(7);
        try (BufferAllocator allocator = new RootAllocator();
                VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator)) {
            List<String> words = List.of("alpha", "beta", "gamma", "délta", "εψιλον", "日本語", "");
            for (int i = 0; i < rows; i++) {
                ((BigIntVector) root.getVector("id")).setSafe(i, i);
                String email = "user." + words.get(i % words.size()) + "." + (i % 313) + "@example.com";
                if (i % 17 == 0) {
                    ((VarCharVector) root.getVector("email")).setNull(i);
                } else {
                    ((VarCharVector) root.getVector("email")).setSafe(i, email.getBytes(StandardCharsets.UTF_8));
                }
                byte[] noise = new byte[random.nextInt(24)];
                for (int k = 0; k < noise.length; k++) {
                    noise[k] = (byte) (' ' + random.nextInt(95));
                }
                ((VarCharVector) root.getVector("noise")).setSafe(i, noise);
                byte[] blob = new byte[random.nextInt(12)];
                random.nextBytes(blob);
                ((VarBinaryVector) root.getVector("blob")).setSafe(i, i % 5 == 0 ? new byte[0] : blob);
                ((LargeVarCharVector) root.getVector("large"))
                        .setSafe(
                                i,
                                ("path/to/" + words.get(i % 3) + "/file-" + i + ".parquet")
                                        .getBytes(StandardCharsets.UTF_8));
            }
            root.setRowCount(rows);
            try (ArrowReader data = ArrowReaders.of(SCHEMA, List.of(root), allocator)) {
                dev.plainlance.lance.Dataset.create(
                                allocator,
                                data,
                                uri,
                                new WriteParams.Builder()
                                        .withDataStorageVersion("2.1")
                                        .withFsstStrings(true)
                                        .build())
                        .close();
            }
            List<String> expected;
            try (ArrowReader again = ArrowReaders.of(SCHEMA, List.of(root), allocator)) {
                expected = WriteInteropTest.lines(again);
            }
            try (org.lance.Dataset official = org.lance.Dataset.open(uri, allocator)) {
                WriteInteropTest.assertSameLines(
                        expected,
                        WriteInteropTest.lines(official.newScan().scanBatches()),
                        "official read of plainlance's FSST pages");
            }
            try (dev.plainlance.lance.Dataset ours = dev.plainlance.lance.Dataset.open(uri, allocator)) {
                WriteInteropTest.assertSameLines(
                        expected,
                        WriteInteropTest.lines(ours.newScan().scanBatches()),
                        "plainlance read of its FSST pages");
            }
            String plainUri = dir.resolve("plain").toString();
            try (ArrowReader data = ArrowReaders.of(SCHEMA, List.of(root), allocator)) {
                dev.plainlance.lance.Dataset.create(
                                allocator,
                                data,
                                plainUri,
                                new WriteParams.Builder()
                                        .withDataStorageVersion("2.1")
                                        .withFsstStrings(false)
                                        .build())
                        .close();
            }
            long fsstBytes = dataBytes(dir.resolve("ds"));
            long plainBytes = dataBytes(dir.resolve("plain"));
            assertTrue(
                    fsstBytes * 10 < plainBytes * 8,
                    "FSST pages take " + fsstBytes + " bytes, plain ones " + plainBytes);
        }
    }

    private static long dataBytes(Path dataset) throws Exception {
        try (Stream<Path> files = Files.list(dataset.resolve("data"))) {
            return files.mapToLong(p -> p.toFile().length()).sum();
        }
    }
}
