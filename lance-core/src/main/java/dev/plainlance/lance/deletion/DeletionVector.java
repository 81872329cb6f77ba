package dev.plainlance.lance.deletion;

import dev.plainlance.lance.error.CorruptFileException;
import dev.plainlance.lance.error.LanceIOException;
import dev.plainlance.lance.fragment.DeletionFile;
import dev.plainlance.lance.fragment.DeletionFileType;
import dev.plainlance.lance.io.Storage;
import dev.plainlance.lance.table.FileBases;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SeekableByteChannel;
import java.util.List;
import org.apache.arrow.flatbuf.BodyCompression;
import org.apache.arrow.flatbuf.Buffer;
import org.apache.arrow.flatbuf.CompressionType;
import org.apache.arrow.flatbuf.FieldNode;
import org.apache.arrow.flatbuf.MessageHeader;
import org.apache.arrow.flatbuf.RecordBatch;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.UInt4Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.ipc.ReadChannel;
import org.apache.arrow.vector.ipc.SeekableReadChannel;
import org.apache.arrow.vector.ipc.message.ArrowBlock;
import org.apache.arrow.vector.ipc.message.MessageMetadataResult;
import org.apache.arrow.vector.ipc.message.MessageSerializer;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.util.ByteArrayReadableSeekableByteChannel;
import org.roaringbitmap.RoaringBitmap;

/**
 * The deleted row offsets of one fragment (physical offsets, deleted rows included in the count). Immutable.
 * Read from {@code .arrow} (Arrow IPC file, one non-null {@code row_id: uint32} column, zstd bodies allowed) or
 * {@code .bin} (portable 32-bit Roaring) deletion files.
 */
public final class DeletionVector {
    private static final DeletionVector EMPTY = new DeletionVector(new RoaringBitmap());

    private final RoaringBitmap deleted;

    private DeletionVector(RoaringBitmap deleted) {
        this.deleted = deleted;
    }

    public static DeletionVector empty() {
        return EMPTY;
    }

    public static DeletionVector of(RoaringBitmap offsets) {
        return new DeletionVector(offsets.clone());
    }

    public boolean isDeleted(int rowOffset) {
        return deleted.contains(rowOffset);
    }

    /** How many deleted offsets are {@code <= rowOffset}. */
    public long deletedUpTo(int rowOffset) {
        return deleted.rankLong(rowOffset);
    }

    public long cardinality() {
        return deleted.getLongCardinality();
    }

    /** A copy of the offsets as a bitmap. */
    public RoaringBitmap toBitmap() {
        return deleted.clone();
    }

    /**
     * Reads the deletion file of fragment {@code fragmentId}; every offset must be below {@code physicalRows}
     * and, when the manifest records a count, the count must match.
     */
    public static DeletionVector read(
            FileBases bases, long fragmentId, long physicalRows, DeletionFile file, BufferAllocator allocator) {
        FileBases.Located located = bases.deletionFile(fragmentId, file);
        return read(located.storage(), located.key(), physicalRows, file, allocator);
    }

    /** {@link #read(FileBases, long, long, DeletionFile, BufferAllocator)} of a file in {@code storage}'s root. */
    public static DeletionVector read(
            Storage storage, long fragmentId, long physicalRows, DeletionFile file, BufferAllocator allocator) {
        return read(storage, file.key(fragmentId), physicalRows, file, allocator);
    }

    private static DeletionVector read(
            Storage storage, String key, long physicalRows, DeletionFile file, BufferAllocator allocator) {
        String where = storage.describe(key);
        byte[] bytes;
        try {
            bytes = storage.read(key);
        } catch (IOException e) {
            throw new LanceIOException("cannot read deletion file " + where, e);
        }
        RoaringBitmap bitmap =
                switch (file.fileType()) {
                    case ARRAY -> decodeArrow(bytes, where, allocator);
                    case BITMAP -> decodeBitmap(bytes, where);
                };
        if (!bitmap.isEmpty() && Integer.toUnsignedLong(bitmap.last()) >= physicalRows) {
            throw new CorruptFileException(
                    where,
                    "deletes row offset " + Integer.toUnsignedLong(bitmap.last()) + " but the fragment has only "
                            + physicalRows + " rows");
        }
        if (file.numDeletedRows() != 0 && bitmap.getLongCardinality() != file.numDeletedRows()) {
            throw new CorruptFileException(
                    where,
                    "holds " + bitmap.getLongCardinality() + " deleted rows but the manifest records "
                            + file.numDeletedRows());
        }
        return new DeletionVector(bitmap);
    }

    /**
     * Writes this vector as the deletion file of fragment {@code fragmentId} (see {@link #encode}), published with
     * put-if-absent; {@code id} must be random.
     */
    public DeletionFile write(Storage storage, long fragmentId, long readVersion, long id, BufferAllocator allocator) {
        Encoded encoded = encode(fragmentId, readVersion, id, allocator);
        try {
            storage.putIfAbsent(encoded.key(), encoded.bytes());
        } catch (IOException e) {
            throw new LanceIOException("cannot write deletion file " + storage.describe(encoded.key()), e);
        }
        return encoded.file();
    }

    /**
     * This vector as the deletion file of fragment {@code fragmentId}, as the official library writes it: an Arrow
     * IPC file (one non-null {@code row_id: uint32} column) for up to {@link #ARRAY_LIMIT} rows, a portable Roaring
     * bitmap above that; {@code id} must be random.
     */
    public Encoded encode(long fragmentId, long readVersion, long id, BufferAllocator allocator) {
        DeletionFileType type = cardinality() > ARRAY_LIMIT ? DeletionFileType.BITMAP : DeletionFileType.ARRAY;
        DeletionFile file = new DeletionFile(id, readVersion, cardinality(), type, java.util.Optional.empty());
        return new Encoded(
                file, file.key(fragmentId), type == DeletionFileType.BITMAP ? encodeBitmap() : encodeArrow(allocator));
    }

    /** A deletion file ready to be stored: its manifest entry, its key and its bytes. */
    public record Encoded(DeletionFile file, String key, byte[] bytes) {}

    /** Above this many deleted rows the official library switches from {@code .arrow} to {@code .bin}. */
    public static final int ARRAY_LIMIT = 5000;

    private byte[] encodeBitmap() {
        RoaringBitmap copy = deleted.clone();
        copy.runOptimize();
        ByteBuffer buffer = ByteBuffer.allocate(copy.serializedSizeInBytes());
        copy.serialize(buffer);
        return buffer.array();
    }

    private byte[] encodeArrow(BufferAllocator allocator) {
        Field rowId = new Field("row_id", FieldType.notNullable(new ArrowType.Int(32, false)), null);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (VectorSchemaRoot root = VectorSchemaRoot.create(
                        new org.apache.arrow.vector.types.pojo.Schema(List.of(rowId)), allocator);
                ArrowFileWriter writer = new ArrowFileWriter(root, null, java.nio.channels.Channels.newChannel(out))) {
            UInt4Vector ids = (UInt4Vector) root.getVector(0);
            ids.allocateNew((int) cardinality());
            int i = 0;
            for (org.roaringbitmap.IntIterator it = deleted.getIntIterator(); it.hasNext(); ) {
                ids.set(i++, it.next());
            }
            root.setRowCount(i);
            writer.start();
            writer.writeBatch();
            writer.end();
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode deletion vector", e);
        }
        return out.toByteArray();
    }

    static RoaringBitmap decodeBitmap(byte[] bytes, String where) {
        RoaringBitmap bitmap = new RoaringBitmap();
        try {
            bitmap.deserialize(ByteBuffer.wrap(bytes));
        } catch (IOException | RuntimeException e) {
            throw new CorruptFileException(where, "not a valid portable Roaring bitmap: " + e.getMessage(), e);
        }
        int used = bitmap.serializedSizeInBytes();
        if (used != bytes.length) {
            throw new CorruptFileException(
                    where, "Roaring bitmap occupies " + used + " of the file's " + bytes.length + " bytes");
        }
        return bitmap;
    }

    /**
     * Decodes the IPC file without Arrow vectors or off-heap buffers: record batch metadata is parsed from the
     * flatbuffers and the value buffer is read (and zstd-decompressed) on the heap, so a corrupt file cannot leak
     * memory or yield a half-built vector.
     */
    static RoaringBitmap decodeArrow(byte[] bytes, String where, BufferAllocator allocator) {
        RoaringBitmap bitmap = new RoaringBitmap();
        try (ArrowFileReader reader = new ArrowFileReader(
                new SeekableReadChannel(new ByteArrayReadableSeekableByteChannel(bytes)), allocator)) {
            List<Field> fields = reader.getVectorSchemaRoot().getSchema().getFields();
            if (fields.size() != 1
                    || !fields.get(0).getName().equals("row_id")
                    || !fields.get(0).getType().equals(new ArrowType.Int(32, false))) {
                throw new CorruptFileException(where, "expected one column row_id: uint32, found " + fields);
            }
            for (ArrowBlock block : reader.getRecordBlocks()) {
                addRowIds(bytes, block, bitmap, where);
            }
        } catch (CorruptFileException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new CorruptFileException(where, "not a valid Arrow IPC deletion file: " + e.getMessage(), e);
        }
        return bitmap;
    }

    private static void addRowIds(byte[] bytes, ArrowBlock block, RoaringBitmap bitmap, String where)
            throws IOException {
        long bodyStart = block.getOffset() + block.getMetadataLength();
        long bodyEnd = bodyStart + block.getBodyLength();
        if (block.getOffset() < 0
                || block.getMetadataLength() <= 0
                || block.getBodyLength() < 0
                || bodyEnd > bytes.length) {
            throw new CorruptFileException(where, "record batch block lies outside the file");
        }
        SeekableByteChannel channel = new ByteArrayReadableSeekableByteChannel(bytes);
        channel.position(block.getOffset());
        MessageMetadataResult message = MessageSerializer.readMessage(new ReadChannel(channel));
        if (message == null || message.getMessage().headerType() != MessageHeader.RecordBatch) {
            throw new CorruptFileException(where, "block does not hold a record batch");
        }
        RecordBatch batch = (RecordBatch) message.getMessage().header(new RecordBatch());
        if (batch.nodesLength() != 1 || batch.buffersLength() < 2) {
            throw new CorruptFileException(where, "record batch does not hold one uint32 column");
        }
        FieldNode node = batch.nodes(0);
        if (node.nullCount() != 0) {
            throw new CorruptFileException(where, node.nullCount() + " row ids are null");
        }
        if (node.length() < 0 || node.length() > Integer.MAX_VALUE / 4) {
            throw new CorruptFileException(where, "invalid row count " + node.length());
        }
        int count = (int) node.length();
        Buffer data = batch.buffers(1);
        if (data.offset() < 0 || data.length() < 0 || data.offset() + data.length() > block.getBodyLength()) {
            throw new CorruptFileException(where, "value buffer lies outside the record batch body");
        }
        int from = Math.toIntExact(bodyStart + data.offset());
        byte[] raw = java.util.Arrays.copyOfRange(bytes, from, from + (int) data.length());
        BodyCompression compression = batch.compression();
        if (compression != null) {
            if (compression.codec() != CompressionType.ZSTD) {
                throw new CorruptFileException(where, "unsupported IPC body compression " + compression.codec());
            }
            raw = IpcBodyCompression.decompressZstd(raw, where);
        }
        if (raw.length < (long) count * 4) {
            throw new CorruptFileException(
                    where, "value buffer holds " + raw.length + " bytes for " + count + " row ids");
        }
        ByteBuffer values = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < count; i++) {
            bitmap.add(values.getInt(i * 4));
        }
    }
}
