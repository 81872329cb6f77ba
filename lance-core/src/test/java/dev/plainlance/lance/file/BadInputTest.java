package dev.plainlance.lance.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.lance.file.codec.Bytes;
import dev.plainlance.lance.file.format.ByteArraySource;
import dev.plainlance.lance.file.format.LanceFileFormatException;
import dev.plainlance.lance.pb.enc21.AllNullLayout;
import dev.plainlance.lance.pb.enc21.BlobLayout;
import dev.plainlance.lance.pb.enc21.PageLayout;
import dev.plainlance.lance.pb.enc21.RepDefLayer;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;

/**
 * Malformed files raise {@link LanceFileFormatException} naming the file and, for page data, the
 * column.
 */
class BadInputTest {
    private static final String FILE = "rich_2.1.lance";

    private static LanceFileFormatException openFails(byte[] bytes) {
        return assertThrows(
                LanceFileFormatException.class, () -> LanceFileReader.open(new ByteArraySource(bytes, "bad.lance")));
    }

    private static LanceFileFormatException readFails(byte[] bytes) {
        LanceFileReader reader = LanceFileReader.open(new ByteArraySource(bytes, "bad.lance"));
        try (RootAllocator allocator = new RootAllocator()) {
            return assertThrows(LanceFileFormatException.class, () -> FixtureFiles.readColumns(reader, allocator, 10));
        }
    }

    @Test
    void rejectsBadMagic() {
        byte[] bytes = FixtureFiles.bytes(FILE);
        bytes[bytes.length - 1] = 'X';
        LanceFileFormatException e = openFails(bytes);
        assertTrue(e.getMessage().startsWith("bad.lance: "), e.getMessage());
        assertTrue(e.getMessage().contains("magic"), e.getMessage());
    }

    @Test
    void rejectsUnknownVersions() {
        byte[] bytes = FixtureFiles.bytes(FILE);
        Bytes.putUint(bytes, bytes.length - 6, 2, 9);
        assertTrue(openFails(bytes).getMessage().contains("unsupported Lance file version 2.9"));
        Bytes.putUint(bytes, bytes.length - 8, 2, 0);
        Bytes.putUint(bytes, bytes.length - 6, 2, 2);
        assertTrue(openFails(bytes).getMessage().contains("0.2"));
    }

    @Test
    void rejectsTruncatedAndTinyFiles() {
        byte[] bytes = FixtureFiles.bytes(FILE);
        openFails(Arrays.copyOf(bytes, bytes.length - 1));
        openFails(new byte[10]);
        openFails(new byte[0]);
    }

    @Test
    void rejectsOffsetsOutsideTheFile() {
        byte[] bytes = FixtureFiles.bytes(FILE);
        Bytes.putI64(bytes, bytes.length - 40 + 8, Long.MAX_VALUE - 3);
        assertTrue(openFails(bytes).getMessage().contains("outside the file"));
        byte[] other = FixtureFiles.bytes(FILE);
        long gbo = Bytes.i64(other, other.length - 40 + 16);
        Bytes.putI64(other, (int) gbo + 8, 1L << 40);
        assertTrue(openFails(other).getMessage().contains("global buffer 0"));
    }

    @Test
    void rejectsPageBuffersOutsideTheFile() {
        byte[] bytes = TestFiles.file(
                2,
                1,
                List.of(TestFiles.field(0, "x", "int32")),
                2,
                List.of(List.of(new TestFiles.Page(
                        2,
                        PageLayout.newBuilder()
                                .setAllNullLayout(
                                        AllNullLayout.newBuilder().addLayers(RepDefLayer.REPDEF_NULLABLE_ITEM))
                                .build(),
                        new byte[20_000],
                        new byte[4]))));
        int varint = indexOf(bytes, new byte[] {(byte) 0xC0, (byte) 0x9C, 0x01});
        bytes[varint + 2] = 0x7F;
        assertTrue(openFails(bytes).getMessage().contains("lies outside the file"));
    }

    @Test
    void unknownLayoutsNameTheColumn() {
        byte[] bytes = TestFiles.file(
                2,
                1,
                List.of(TestFiles.field(0, "blobby", "large_binary")),
                1,
                List.of(List.of(new TestFiles.Page(
                        1,
                        PageLayout.newBuilder()
                                .setBlobLayout(BlobLayout.getDefaultInstance())
                                .build()))));
        LanceFileFormatException e = readFails(bytes);
        assertEquals("bad.lance: column 'blobby': unsupported page layout BLOB_LAYOUT", e.getMessage());
    }

    @Test
    void rowCountMismatchIsDetected() {
        byte[] bytes = TestFiles.file(
                2,
                1,
                List.of(TestFiles.field(0, "x", "int32")),
                5,
                List.of(List.of(new TestFiles.Page(
                        2,
                        PageLayout.newBuilder()
                                .setAllNullLayout(
                                        AllNullLayout.newBuilder().addLayers(RepDefLayer.REPDEF_NULLABLE_ITEM))
                                .build()))));
        LanceFileReader reader = LanceFileReader.open(new ByteArraySource(bytes, "bad.lance"));
        try (RootAllocator allocator = new RootAllocator()) {
            LanceFileFormatException e =
                    assertThrows(LanceFileFormatException.class, () -> reader.readBatches(allocator, null, 0, 5, 5));
            assertTrue(e.getMessage().contains("column 'x'"), e.getMessage());
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("pattern not found");
    }
}
