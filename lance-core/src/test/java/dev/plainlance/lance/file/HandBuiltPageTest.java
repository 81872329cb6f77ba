package dev.plainlance.lance.file;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.plainlance.lance.file.codec.Bytes;
import dev.plainlance.lance.file.format.ByteArraySource;
import dev.plainlance.lance.pb.enc21.CompressiveEncoding;
import dev.plainlance.lance.pb.enc21.Flat;
import dev.plainlance.lance.pb.enc21.FullZipLayout;
import dev.plainlance.lance.pb.enc21.MiniBlockLayout;
import dev.plainlance.lance.pb.enc21.PageLayout;
import dev.plainlance.lance.pb.enc21.RepDefLayer;
import dev.plainlance.lance.pb.enc21.Variable;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;

/** Structural pages assembled byte by byte, read through the whole file reader. */
class HandBuiltPageTest {

    private static CompressiveEncoding flat(int bits) {
        return CompressiveEncoding.newBuilder()
                .setFlat(Flat.newBuilder().setBitsPerValue(bits))
                .build();
    }

    private static List<Object> read(byte[] file) {
        try (RootAllocator allocator = new RootAllocator()) {
            return FixtureFiles.readColumns(LanceFileReader.open(new ByteArraySource(file, "hand.lance")), allocator, 2)
                    .get(0);
        }
    }

    /**
     * 2.2 mini-block page with large chunks: u32 metadata words and u32 value-buffer sizes, two
     * chunks (4 values, then the last chunk with 1 value), nullable int32 with flat u16 definition
     * levels.
     */
    @Test
    void miniBlockWithLargeChunksAndDefinitionLevels() {
        byte[] chunk1 = new byte[8 + 8 + 16];
        Bytes.putUint(chunk1, 0, 2, 4);
        Bytes.putUint(chunk1, 2, 2, 8);
        Bytes.putI32(chunk1, 4, 16);
        int[] defs = {0, 1, 0, 0};
        for (int i = 0; i < 4; i++) {
            Bytes.putUint(chunk1, 8 + 2 * i, 2, defs[i]);
            Bytes.putI32(chunk1, 16 + 4 * i, 10 * i);
        }
        byte[] chunk2 = new byte[8 + 8 + 8];
        Bytes.putUint(chunk2, 0, 2, 1);
        Bytes.putUint(chunk2, 2, 2, 2);
        Bytes.putI32(chunk2, 4, 4);
        Bytes.putI32(chunk2, 16, -7);
        byte[] data = new byte[chunk1.length + chunk2.length];
        System.arraycopy(chunk1, 0, data, 0, chunk1.length);
        System.arraycopy(chunk2, 0, data, chunk1.length, chunk2.length);
        byte[] meta = new byte[8];
        Bytes.putI32(meta, 0, (chunk1.length / 8 - 1) << 4 | 2);
        Bytes.putI32(meta, 4, (chunk2.length / 8 - 1) << 4);
        PageLayout layout = PageLayout.newBuilder()
                .setMiniBlockLayout(MiniBlockLayout.newBuilder()
                        .setDefCompression(flat(16))
                        .setValueCompression(flat(32))
                        .addLayers(RepDefLayer.REPDEF_NULLABLE_ITEM)
                        .setNumBuffers(1)
                        .setNumItems(5)
                        .setHasLargeChunk(true))
                .build();
        byte[] file = TestFiles.file(
                2,
                2,
                List.of(TestFiles.field(0, "x", "int32")),
                5,
                List.of(List.of(new TestFiles.Page(5, layout, meta, data))));
        assertEquals(Arrays.asList(0, null, 20, 30, -7), read(file));
    }

    /**
     * Full-zip variable-width page with 1-byte control words (rep bit, def bit) for a nullable list
     * of non-null strings: rows {@code ["ab", "c"]}, {@code null}, {@code ["xyz"]}.
     */
    @Test
    void fullZipVariableWidthWithControlWords() {
        java.io.ByteArrayOutputStream data = new java.io.ByteArrayOutputStream();
        writeItem(data, 1, 0, "ab");
        writeItem(data, 0, 0, "c");
        data.write(1 << 1 | 1);
        writeItem(data, 1, 0, "xyz");
        byte[] repIndex = new byte[4 * 4];
        PageLayout layout = PageLayout.newBuilder()
                .setFullZipLayout(FullZipLayout.newBuilder()
                        .setBitsRep(1)
                        .setBitsDef(1)
                        .setBitsPerOffset(32)
                        .setNumItems(4)
                        .setNumVisibleItems(3)
                        .setValueCompression(CompressiveEncoding.newBuilder()
                                .setVariable(Variable.newBuilder().setOffsets(flat(32))))
                        .addLayers(RepDefLayer.REPDEF_ALL_VALID_ITEM)
                        .addLayers(RepDefLayer.REPDEF_NULLABLE_LIST))
                .build();
        var item = dev.plainlance.lance.pb.file.Field.newBuilder()
                .setId(1)
                .setParentId(0)
                .setName("item")
                .setLogicalType("string")
                .setNullable(true)
                .build();
        byte[] file = TestFiles.file(
                2,
                1,
                List.of(TestFiles.field(0, "l", "list"), item),
                3,
                List.of(List.of(new TestFiles.Page(3, layout, data.toByteArray(), repIndex))));
        assertEquals(Arrays.asList(List.of("ab", "c"), null, List.of("xyz")), read(file));
    }

    /**
     * Complex all-null page of a {@code list<int32>}: raw u16 rep and def buffers describing {@code
     * [[null], [], null]} with layers (null item, null-or-empty list).
     */
    @Test
    void complexAllNullPage() {
        byte[] rep = new byte[6];
        byte[] def = new byte[6];
        int[] defs = {1, 3, 2};
        for (int i = 0; i < 3; i++) {
            Bytes.putUint(rep, 2 * i, 2, 1);
            Bytes.putUint(def, 2 * i, 2, defs[i]);
        }
        PageLayout layout = PageLayout.newBuilder()
                .setAllNullLayout(dev.plainlance.lance.pb.enc21.AllNullLayout.newBuilder()
                        .addLayers(RepDefLayer.REPDEF_NULLABLE_ITEM)
                        .addLayers(RepDefLayer.REPDEF_NULL_AND_EMPTY_LIST))
                .build();
        var item = dev.plainlance.lance.pb.file.Field.newBuilder()
                .setId(1)
                .setParentId(0)
                .setName("item")
                .setLogicalType("int32")
                .setNullable(true)
                .build();
        byte[] file = TestFiles.file(
                2,
                1,
                List.of(TestFiles.field(0, "l", "list"), item),
                3,
                List.of(List.of(new TestFiles.Page(3, layout, rep, def))));
        assertEquals(Arrays.asList(Arrays.asList((Object) null), List.of(), null), read(file));
    }

    private static void writeItem(java.io.ByteArrayOutputStream out, int rep, int def, String value) {
        out.write(rep << 1 | def);
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        byte[] length = new byte[4];
        Bytes.putI32(length, 0, bytes.length);
        out.writeBytes(length);
        out.writeBytes(bytes);
    }
}
