package dev.plainlance.lance.table;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import dev.plainlance.lance.error.CorruptFileException;
import dev.plainlance.lance.pb.table.DataFile;
import dev.plainlance.lance.pb.table.DataFragment;
import dev.plainlance.lance.pb.table.IndexMetadata;
import dev.plainlance.lance.pb.table.IndexSection;
import dev.plainlance.lance.pb.table.Manifest;
import dev.plainlance.lance.pb.table.Transaction;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class ManifestFileTest {

    static byte[] resource(String name) throws IOException {
        try (InputStream in = ManifestFileTest.class.getResourceAsStream("/manifests/" + name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void decodesOfficialManifestWithInlineTransaction() throws IOException {
        byte[] bytes = resource("tiny_empty_v1.manifest");
        ManifestFile file = ManifestFile.decode(bytes, "tiny");
        Manifest m = file.manifest();
        assertEquals(1, m.getVersion());
        assertEquals("id", m.getFields(0).getName());
        assertEquals(-1, m.getFields(0).getParentId());
        assertEquals("int32", m.getFields(0).getLogicalType());
        assertEquals("lance", m.getWriterVersion().getLibrary());
        assertEquals("7.0.0", m.getWriterVersion().getVersion());
        assertEquals("2.1", m.getDataFormat().getVersion());
        assertEquals(0, m.getTransactionSection());
        Transaction txn = file.transaction().orElseThrow();
        assertTrue(txn.hasOverwrite());
        assertEquals(m.getTransactionFile(), "0-" + txn.getUuid() + ".txn");
        assertTrue(file.indexSection().isEmpty());
    }

    @Test
    void reEncodingAnOfficialManifestIsByteIdentical() throws IOException {
        byte[] bytes = resource("tiny_empty_v1.manifest");
        assertArrayEquals(bytes, ManifestFile.decode(bytes, "tiny").encode());
    }

    @Test
    void decodesOldManifestWithoutInlineTransaction() throws IOException {
        ManifestFile file = ManifestFile.decode(resource("lance_0_39_v1.manifest"), "old");
        assertEquals(1, file.manifest().getVersion());
        assertFalse(file.transaction().isPresent());
        assertEquals(1, file.manifest().getFragmentsCount());
    }

    @Test
    void encodeLaysOutIndexThenTransactionThenManifest() {
        IndexSection index = IndexSection.newBuilder()
                .addIndices(IndexMetadata.newBuilder().setName("idx").addFields(0))
                .build();
        Transaction txn =
                Transaction.newBuilder().setUuid("u").setReadVersion(3).build();
        Manifest manifest = Manifest.newBuilder().setVersion(4).build();
        byte[] bytes = new ManifestFile(manifest, Optional.of(txn), Optional.of(index)).encode();
        ManifestFile back = ManifestFile.decode(bytes, "x");
        assertEquals(0, back.manifest().getIndexSection());
        assertEquals(4 + index.getSerializedSize(), back.manifest().getTransactionSection());
        assertEquals(txn, back.transaction().orElseThrow());
        assertEquals(index, back.indexSection().orElseThrow());
        ByteBuffer footer = ByteBuffer.wrap(bytes, bytes.length - 16, 16).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(8 + index.getSerializedSize() + txn.getSerializedSize(), footer.getLong());
        assertEquals(0, footer.getShort());
        assertEquals(2, footer.getShort());
    }

    @Test
    void unknownFieldsSurviveReadModifyWrite() {
        UnknownFieldSet unknown = UnknownFieldSet.newBuilder()
                .addField(
                        999,
                        UnknownFieldSet.Field.newBuilder()
                                .addLengthDelimited(ByteString.copyFromUtf8("future"))
                                .build())
                .build();
        Manifest manifest = Manifest.newBuilder()
                .setVersion(1)
                .addFragments(DataFragment.newBuilder()
                        .setId(0)
                        .setPhysicalRows(5)
                        .addFiles(DataFile.newBuilder().setPath("a.lance").setUnknownFields(unknown)))
                .setUnknownFields(unknown)
                .build();
        byte[] bytes = new ManifestFile(manifest, Optional.empty(), Optional.empty()).encode();
        Manifest read = ManifestFile.decode(bytes, "x").manifest();
        Manifest modified = read.toBuilder().setVersion(2).build();
        Manifest again = ManifestFile.decode(
                        new ManifestFile(modified, Optional.empty(), Optional.empty()).encode(), "y")
                .manifest();
        assertTrue(again.getUnknownFields().hasField(999));
        assertTrue(again.getFragments(0).getFiles(0).getUnknownFields().hasField(999));
        assertEquals(2, again.getVersion());
    }

    @Test
    void badMagicIsTyped() throws IOException {
        byte[] bytes = resource("tiny_empty_v1.manifest");
        bytes[bytes.length - 1] = 'X';
        CorruptFileException e =
                assertThrows(CorruptFileException.class, () -> ManifestFile.decode(bytes, "f.manifest"));
        assertTrue(e.getMessage().contains("f.manifest") && e.getMessage().contains("magic"), e.getMessage());
    }

    @Test
    void tooShortIsTyped() {
        CorruptFileException e =
                assertThrows(CorruptFileException.class, () -> ManifestFile.decode(new byte[10], "short.manifest"));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void wrongManifestLengthIsTyped() throws IOException {
        byte[] bytes = resource("tiny_empty_v1.manifest");
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int pos = (int) buf.getLong(bytes.length - 16);
        buf.putInt(pos, buf.getInt(pos) + 1);
        CorruptFileException e = assertThrows(CorruptFileException.class, () -> ManifestFile.decode(bytes, "f"));
        assertTrue(e.getMessage().contains("length prefix"), e.getMessage());
    }

    @Test
    void manifestPositionOutsideFileIsTyped() throws IOException {
        byte[] bytes = resource("tiny_empty_v1.manifest");
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(bytes.length - 16, 1L << 40);
        assertThrows(CorruptFileException.class, () -> ManifestFile.decode(bytes, "f"));
    }

    @Test
    void overrunningTransactionSectionIsTyped() throws IOException {
        byte[] bytes = resource("tiny_empty_v1.manifest");
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(0, 1000);
        CorruptFileException e = assertThrows(CorruptFileException.class, () -> ManifestFile.decode(bytes, "f"));
        assertTrue(e.getMessage().contains("transaction section"), e.getMessage());
    }

    @Provide
    Arbitrary<Manifest> manifests() {
        Arbitrary<DataFragment> fragments = Arbitraries.longs().between(0, 1000).flatMap(id -> Arbitraries.strings()
                .alpha()
                .ofMinLength(1)
                .ofMaxLength(20)
                .map(path -> DataFragment.newBuilder()
                        .setId(id)
                        .setPhysicalRows(id * 7 + 1)
                        .addFiles(DataFile.newBuilder()
                                .setPath(path + ".lance")
                                .addFields(0)
                                .addColumnIndices(0)
                                .setFileMajorVersion(2)
                                .setFileMinorVersion(1)
                                .setFileSizeBytes(id + 100))
                        .build()));
        return fragments.list().ofMaxSize(6).flatMap(frags -> Arbitraries.longs()
                .between(1, Long.MAX_VALUE)
                .map(v -> Manifest.newBuilder()
                        .setVersion(v)
                        .addAllFragments(frags)
                        .putConfig("k", "v" + v)
                        .build()));
    }

    @Property(tries = 200)
    void encodeDecodeRoundTrips(@ForAll("manifests") Manifest manifest, @ForAll boolean withTxn) {
        Optional<Transaction> txn = withTxn
                ? Optional.of(Transaction.newBuilder()
                        .setUuid("id-" + manifest.getVersion())
                        .build())
                : Optional.empty();
        ManifestFile back = ManifestFile.decode(new ManifestFile(manifest, txn, Optional.empty()).encode(), "p");
        assertEquals(
                manifest, back.manifest().toBuilder().clearTransactionSection().build());
        assertEquals(txn, back.transaction());
    }

    @Property(tries = 300)
    void everyTruncationIsATypedError(
            @ForAll("manifests") Manifest manifest, @ForAll @IntRange(min = 1, max = 400) int cut) {
        byte[] bytes = new ManifestFile(manifest, Optional.empty(), Optional.empty()).encode();
        byte[] truncated = Arrays.copyOf(bytes, Math.max(0, bytes.length - cut));
        assertThrows(CorruptFileException.class, () -> ManifestFile.decode(truncated, "t"));
    }

    @Property(tries = 500)
    void flippedBytesGiveTypedErrorOrAManifest(
            @ForAll("manifests") Manifest manifest,
            @ForAll @IntRange(min = 0, max = 10_000) int where,
            @ForAll byte mask) {
        byte[] bytes = new ManifestFile(
                        manifest,
                        Optional.of(Transaction.newBuilder().setUuid("x").build()),
                        Optional.empty())
                .encode();
        bytes[where % bytes.length] ^= (byte) (mask == 0 ? 1 : mask);
        try {
            ManifestFile.decode(bytes, "flip");
        } catch (CorruptFileException expected) {
            // the only acceptable failure
        }
    }
}
