package dev.plainlance.lance.table;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.plainlance.lance.error.CorruptFileException;
import dev.plainlance.lance.pb.table.IndexSection;
import dev.plainlance.lance.pb.table.Manifest;
import dev.plainlance.lance.pb.table.Transaction;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The bytes of one {@code _versions/*.manifest} file:
 * {@code [u32 len][IndexSection]? [u32 len][Transaction]? [u32 len][Manifest] [i64 manifest_pos][u16 0][u16 2]"LANC"}.
 * The manifest must end exactly where the 16-byte footer begins. Section positions recorded in the manifest are
 * absolute offsets of the u32 length prefixes.
 */
public record ManifestFile(Manifest manifest, Optional<Transaction> transaction, Optional<IndexSection> indexSection) {

    static final int FOOTER_LENGTH = 16;
    static final byte[] MAGIC = "LANC".getBytes(StandardCharsets.US_ASCII);
    static final short MAJOR_VERSION = 0;
    static final short MINOR_VERSION = 2;

    /** Decodes and validates a manifest file; {@code file} names it in errors. */
    public static ManifestFile decode(byte[] bytes, String file) {
        int length = bytes.length;
        if (length < FOOTER_LENGTH + 4) {
            throw new CorruptFileException(
                    file, "manifest is truncated: " + length + " bytes, need at least " + (FOOTER_LENGTH + 4));
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 4; i++) {
            if (bytes[length - 4 + i] != MAGIC[i]) {
                throw new CorruptFileException(file, "bad manifest magic (expected \"LANC\" at the end of the file)");
            }
        }
        long manifestPos = buf.getLong(length - FOOTER_LENGTH);
        if (manifestPos < 0 || manifestPos > length - FOOTER_LENGTH - 4) {
            throw new CorruptFileException(
                    file, "manifest position " + manifestPos + " is outside the file (" + length + " bytes)");
        }
        long declared = Integer.toUnsignedLong(buf.getInt((int) manifestPos));
        long actual = length - FOOTER_LENGTH - manifestPos - 4;
        if (declared != actual) {
            throw new CorruptFileException(
                    file,
                    "manifest length prefix says " + declared + " bytes but " + actual
                            + " bytes lie between it and the footer");
        }
        Manifest manifest;
        try {
            manifest = Manifest.parseFrom(ByteBuffer.wrap(bytes, (int) manifestPos + 4, (int) actual));
        } catch (InvalidProtocolBufferException e) {
            throw new CorruptFileException(file, "manifest protobuf does not parse: " + e.getMessage(), e);
        }
        Optional<Transaction> transaction = Optional.empty();
        if (manifest.hasTransactionSection()) {
            transaction = Optional.of(parseSection(
                    bytes, manifest.getTransactionSection(), manifestPos, file, "transaction", Transaction.parser()));
        }
        Optional<IndexSection> indexSection = Optional.empty();
        if (manifest.hasIndexSection()) {
            indexSection = Optional.of(
                    parseSection(bytes, manifest.getIndexSection(), manifestPos, file, "index", IndexSection.parser()));
        }
        return new ManifestFile(manifest, transaction, indexSection);
    }

    /**
     * Encodes the file. The index section (if any) goes first, then the transaction (if any), then the manifest,
     * whose {@code index_section} and {@code transaction_section} fields are set to the offsets used.
     */
    public byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Manifest.Builder builder = manifest.toBuilder().clearIndexSection().clearTransactionSection();
        if (indexSection.isPresent()) {
            builder.setIndexSection(out.size());
            writeSection(out, indexSection.get().toByteArray());
        }
        if (transaction.isPresent()) {
            builder.setTransactionSection(out.size());
            writeSection(out, transaction.get().toByteArray());
        }
        long manifestPos = out.size();
        writeSection(out, builder.build().toByteArray());
        ByteBuffer footer = ByteBuffer.allocate(FOOTER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        footer.putLong(manifestPos)
                .putShort(MAJOR_VERSION)
                .putShort(MINOR_VERSION)
                .put(MAGIC);
        out.writeBytes(footer.array());
        return out.toByteArray();
    }

    private static void writeSection(ByteArrayOutputStream out, byte[] message) {
        ByteBuffer prefix =
                ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(message.length);
        out.writeBytes(prefix.array());
        out.writeBytes(message);
    }

    private static <T> T parseSection(
            byte[] bytes,
            long position,
            long manifestPos,
            String file,
            String what,
            com.google.protobuf.Parser<T> parser) {
        if (position < 0 || position > manifestPos - 4) {
            throw new CorruptFileException(
                    file,
                    what + " section position " + position + " does not lie before the manifest (at " + manifestPos
                            + ")");
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long sectionLength = Integer.toUnsignedLong(buf.getInt((int) position));
        if (position + 4 + sectionLength > manifestPos) {
            throw new CorruptFileException(
                    file,
                    what + " section at " + position + " claims " + sectionLength
                            + " bytes, overrunning the manifest at " + manifestPos);
        }
        try {
            return parser.parseFrom(ByteBuffer.wrap(bytes, (int) position + 4, (int) sectionLength));
        } catch (InvalidProtocolBufferException e) {
            throw new CorruptFileException(file, what + " section does not parse: " + e.getMessage(), e);
        }
    }
}
