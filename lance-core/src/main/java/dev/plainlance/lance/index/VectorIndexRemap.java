package dev.plainlance.lance.index;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.plainlance.lance.error.CorruptFileException;
import dev.plainlance.lance.error.LanceIOException;
import dev.plainlance.lance.file.LanceFileReader;
import dev.plainlance.lance.file.format.LanceFileVersion;
import dev.plainlance.lance.file.write.LanceFileWriter;
import dev.plainlance.lance.file.write.OutputSink;
import dev.plainlance.lance.file.write.WriterOptions;
import dev.plainlance.lance.io.PendingObject;
import dev.plainlance.lance.io.Storage;
import dev.plainlance.lance.pb.index.IVF;
import dev.plainlance.lance.pb.table.IndexMetadata;
import dev.plainlance.lance.schema.LanceSchema;
import dev.plainlance.lance.table.FileBases;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.UInt1Vector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Rewrites an IVF vector index segment so that its row addresses follow a compaction that moved the rows it covers,
 * as official Lance's {@code remap_index_file_v3} does (without its optional joining of shrunken partitions).
 *
 * <p>Segments of the format official Lance 7.0.0 writes are remapped when their sub-index is FLAT: IVF_FLAT, IVF_PQ,
 * IVF_SQ and IVF_RQ. Their {@code index.idx} holds no rows (only the IVF centroids and the index type), and is copied
 * as it is; their {@code auxiliary.idx} holds one row per indexed vector ({@code _rowid} and its stored form), grouped by
 * partition, with the partitions' offsets and lengths in an IVF protobuf in a global buffer. The rewritten storage
 * file keeps the schema, its metadata and every other global buffer; each row gets its new address, rows the
 * compaction dropped leave, and the partitions' offsets and lengths are counted again. PQ and RabitQ codes are laid
 * out over a whole partition ({@link PartitionCodes}), so they are laid out again over the rows that stay.
 *
 * <p>Other segments (HNSW sub-indices, whose graphs would have to be rebuilt; the legacy single-file format) are not
 * {@link #remappable remappable}: a compaction leaves the fragments they cover alone.
 */
public final class VectorIndexRemap {
    /** The file of a segment holding the IVF model and the sub-index. */
    public static final String INDEX_FILE = "index.idx";
    /** The file of a segment holding the stored vectors by partition. */
    public static final String STORAGE_FILE = "auxiliary.idx";

    private static final Set<String> FLAT_SUB_INDEX_TYPES = Set.of("IVF_FLAT", "IVF_PQ", "IVF_SQ", "IVF_RQ");
    private static final String INDEX_METADATA_KEY = "lance:index";
    private static final String IVF_METADATA_KEY = "lance:ivf";
    private static final String STORAGE_METADATA_KEY = "storage_metadata";
    private static final String ROW_ID = "_rowid";
    private static final String PQ_CODE = "__pq_code";
    private static final String RABIT_CODE = "_rabit_codes";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Where a compaction moved each row: the new address, or {@code -1} for a row it dropped. */
    @FunctionalInterface
    public interface AddressMap {
        long map(long address);
    }

    private VectorIndexRemap() {}

    /**
     * Whether plainlance can remap this segment: a vector index on one field whose files are of a remappable type.
     * A segment whose files cannot be opened or do not have the expected shape is not: the compaction leaves its
     * fragments alone rather than fail.
     */
    public static boolean remappable(FileBases bases, IndexMetadata index) {
        if (IndexMetadatas.type(index) != IndexType.VECTOR || index.getFieldsCount() != 1) {
            return false;
        }
        try (IndexFile indexFile = IndexFile.open(file(bases, index, INDEX_FILE));
                IndexFile storage = IndexFile.open(file(bases, index, STORAGE_FILE))) {
            checkShape(indexFile, storage);
            return true;
        } catch (RuntimeException | IOException e) {
            return false;
        }
    }

    /**
     * Writes the remapped segment into {@code own}'s {@code _indices/{newUuid}/} and returns the segment's metadata
     * with the new uuid (its fragment bitmap still the old one: the commit moves it).
     *
     * @throws CorruptFileException naming the file if the segment's files do not have the expected shape
     */
    public static IndexMetadata remap(
            FileBases bases,
            Storage own,
            IndexMetadata index,
            AddressMap addresses,
            UUID newUuid,
            BufferAllocator allocator)
            throws IOException {
        String dir = IndexDirectories.INDICES_DIR + "/" + newUuid + "/";
        try (IndexFile indexFile = IndexFile.open(file(bases, index, INDEX_FILE));
                IndexFile storage = IndexFile.open(file(bases, index, STORAGE_FILE))) {
            StorageShape shape = checkShape(indexFile, storage);
            copy(file(bases, index, INDEX_FILE), own, dir + INDEX_FILE);
            writeStorage(storage, shape, addresses, own, dir + STORAGE_FILE, allocator);
        }
        return index.toBuilder()
                .setUuid(IndexMetadatas.uuid(newUuid))
                .clearFiles()
                .clearBaseId()
                .build();
    }

    private static FileBases.Located file(FileBases bases, IndexMetadata index, String name) {
        Optional<Integer> base = index.hasBaseId() ? Optional.of(index.getBaseId()) : Optional.empty();
        return bases.indexFile(base, IndexMetadatas.uuid(index.getUuid()).toString(), name);
    }

    /**
     * What the rewrite needs to know of a storage file: where its IVF model is, and the column of codes laid out
     * over a whole partition, if any.
     */
    private record StorageShape(int ivfBuffer, IVF ivf, Optional<Codes> codes) {}

    /** A column of quantized codes and how a partition's codes are laid out in it. */
    private record Codes(String column, PartitionCodes layout) {}

    private static StorageShape checkShape(IndexFile indexFile, IndexFile storage) {
        Map<String, String> indexMetadata = indexFile.metadata();
        String type = json(indexFile, indexMetadata.get(INDEX_METADATA_KEY))
                .path("type")
                .asText("");
        if (!FLAT_SUB_INDEX_TYPES.contains(type)) {
            throw new CorruptFileException(
                    indexFile.describe(), "is a " + type + " index, not one with a FLAT sub-index");
        }
        if (indexFile.numRows() != 0) {
            throw new CorruptFileException(indexFile.describe(), "has sub-index rows; a FLAT sub-index has none");
        }
        List<Field> fields = storage.reader().arrowSchema().getFields();
        if (fields.isEmpty()
                || !fields.get(0).getName().equals(ROW_ID)
                || !fields.get(0).getType().equals(new ArrowType.Int(64, false))) {
            throw new CorruptFileException(storage.describe(), "does not start with a uint64 " + ROW_ID + " column");
        }
        Map<String, String> metadata = storage.metadata();
        int ivfBuffer;
        try {
            ivfBuffer = Integer.parseInt(String.valueOf(metadata.get(IVF_METADATA_KEY)));
        } catch (NumberFormatException e) {
            throw new CorruptFileException(storage.describe(), "has no IVF buffer index under " + IVF_METADATA_KEY);
        }
        if (ivfBuffer < 1 || ivfBuffer >= storage.reader().globalBufferCount()) {
            throw new CorruptFileException(storage.describe(), "has no global buffer " + ivfBuffer);
        }
        IVF ivf;
        try {
            ivf = IVF.parseFrom(storage.reader().globalBuffer(ivfBuffer));
        } catch (InvalidProtocolBufferException e) {
            throw new CorruptFileException(storage.describe(), "has a malformed IVF buffer");
        }
        if (ivf.getOffsetsCount() != ivf.getLengthsCount()) {
            throw new CorruptFileException(storage.describe(), "has IVF offsets and lengths of different counts");
        }
        for (int p = 0; p < ivf.getOffsetsCount(); p++) {
            long end = ivf.getOffsets(p) + Integer.toUnsignedLong(ivf.getLengths(p));
            if (ivf.getOffsets(p) < 0 || end > storage.numRows()) {
                throw new CorruptFileException(
                        storage.describe(), "IVF partition " + p + " lies outside its " + storage.numRows() + " rows");
            }
        }
        JsonNode quantizer = json(
                storage,
                json(storage, metadata.get(STORAGE_METADATA_KEY)).path(0).asText(null));
        if (has(fields, PQ_CODE) && quantizer.path("transposed").asBoolean(false)) {
            return new StorageShape(ivfBuffer, ivf, Optional.of(new Codes(PQ_CODE, PartitionCodes.TRANSPOSED)));
        }
        if (has(fields, RABIT_CODE)) {
            if (!quantizer.path("packed").asBoolean(false)) {
                throw new CorruptFileException(storage.describe(), "holds RabitQ codes that are not packed");
            }
            return new StorageShape(ivfBuffer, ivf, Optional.of(new Codes(RABIT_CODE, PartitionCodes.RABIT_PACKED)));
        }
        // vectors (FLAT), SQ codes and untransposed PQ codes: one row's values each, moved with their rows
        return new StorageShape(ivfBuffer, ivf, Optional.empty());
    }

    private static boolean has(List<Field> fields, String name) {
        return fields.stream().anyMatch(f -> f.getName().equals(name));
    }

    private static JsonNode json(IndexFile file, String text) {
        if (text == null) {
            throw new CorruptFileException(file.describe(), "lacks the metadata of a vector index file");
        }
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new CorruptFileException(file.describe(), "has malformed vector index metadata");
        }
    }

    private static void copy(FileBases.Located from, Storage to, String key) throws IOException {
        byte[] bytes = from.storage().read(from.key());
        try (PendingObject pending = to.create(key)) {
            pending.write(ByteBuffer.wrap(bytes));
            pending.commit();
        }
    }

    private static void writeStorage(
            IndexFile storage,
            StorageShape shape,
            AddressMap addresses,
            Storage own,
            String key,
            BufferAllocator allocator)
            throws IOException {
        LanceFileReader reader = storage.reader();
        List<Integer> columns = new ArrayList<>();
        for (int c = 0; c < reader.arrowSchema().getFields().size(); c++) {
            columns.add(c);
        }
        try (PendingObject pending = own.create(key)) {
            LanceFileWriter writer = LanceFileWriter.create(
                    OutputSink.of(pending),
                    LanceSchema.fromArrow(reader.arrowSchema()),
                    LanceFileVersion.V2_1,
                    WriterOptions.defaults());
            IVF.Builder ivf = shape.ivf().toBuilder().clearOffsets().clearLengths();
            long offset = 0;
            for (int p = 0; p < shape.ivf().getOffsetsCount(); p++) {
                long start = shape.ivf().getOffsets(p);
                long end = start + Integer.toUnsignedLong(shape.ivf().getLengths(p));
                int kept = remapPartition(storage, columns, start, end, shape, addresses, writer, allocator);
                ivf.addOffsets(offset).addLengths(kept);
                offset += kept;
            }
            for (int b = 1; b < reader.globalBufferCount(); b++) {
                writer.addGlobalBuffer(b == shape.ivfBuffer() ? ivf.build().toByteArray() : reader.globalBuffer(b));
            }
            try {
                writer.finish();
            } catch (UncheckedIOException e) {
                throw new LanceIOException("cannot write index file " + own.describe(key), e.getCause());
            }
            pending.commit();
        }
    }

    /** Writes the rows of one partition that stay, with their new addresses; returns how many. */
    private static int remapPartition(
            IndexFile storage,
            List<Integer> columns,
            long start,
            long end,
            StorageShape shape,
            AddressMap addresses,
            LanceFileWriter writer,
            BufferAllocator allocator)
            throws IOException {
        if (start == end) {
            return 0;
        }
        int rows = Math.toIntExact(end - start);
        try (VectorSchemaRoot out = VectorSchemaRoot.create(storage.reader().arrowSchema(), allocator)) {
            out.allocateNew();
            UInt8Vector outIds = (UInt8Vector) out.getVector(0);
            List<Integer> keptRows = new ArrayList<>();
            byte[][] codes = {null};
            storage.read(allocator, columns, start, end, (batch, firstRow) -> {
                UInt8Vector ids = (UInt8Vector) batch.getVector(0);
                int base = (int) (firstRow - start);
                if (shape.codes().isPresent()) {
                    codes[0] = appendCodes(codes[0], batch, shape.codes().get().column(), rows, base);
                }
                for (int row = 0; row < batch.getRowCount(); row++) {
                    long moved = addresses.map(ids.get(row));
                    if (moved < 0) {
                        continue;
                    }
                    int at = keptRows.size();
                    for (int c = 1; c < batch.getFieldVectors().size(); c++) {
                        out.getVector(c).copyFromSafe(row, at, batch.getVector(c));
                    }
                    outIds.setSafe(at, moved);
                    keptRows.add(base + row);
                }
            });
            int kept = keptRows.size();
            if (kept == 0) {
                return 0;
            }
            out.setRowCount(kept);
            if (shape.codes().isPresent()) {
                Codes column = shape.codes().get();
                keepCodes(codes[0], rows, keptRows, column.layout(), (FixedSizeListVector)
                        out.getVector(column.column()));
            }
            writer.write(out);
            return kept;
        }
    }

    /** Gathers a partition's code bytes, laid out over the whole partition, into one array. */
    private static byte[] appendCodes(
            byte[] codes, VectorSchemaRoot batch, String column, int partitionRows, int base) {
        FixedSizeListVector list = (FixedSizeListVector) batch.getVector(column);
        UInt1Vector bytes = (UInt1Vector) list.getDataVector();
        int width = list.getListSize();
        byte[] all = codes == null ? new byte[Math.multiplyExact(partitionRows, width)] : codes;
        for (int i = 0; i < batch.getRowCount() * width; i++) {
            all[base * width + i] = bytes.get(i);
        }
        return all;
    }

    /**
     * {@code codes} hold a partition of {@code rows} codes laid out as {@code layout} says; writes those of the
     * {@code kept} rows into {@code out}, laid out the same way over the rows that stay.
     */
    private static void keepCodes(
            byte[] codes, int rows, List<Integer> kept, PartitionCodes layout, FixedSizeListVector out) {
        int width = out.getListSize();
        byte[] all = layout.toRows(codes, rows, width);
        byte[] picked = new byte[kept.size() * width];
        for (int i = 0; i < kept.size(); i++) {
            System.arraycopy(all, kept.get(i) * width, picked, i * width, width);
        }
        byte[] stored = layout.fromRows(picked, kept.size(), width);
        UInt1Vector bytes = (UInt1Vector) out.getDataVector();
        for (int i = 0; i < stored.length; i++) {
            bytes.set(i, stored[i]);
        }
    }
}
