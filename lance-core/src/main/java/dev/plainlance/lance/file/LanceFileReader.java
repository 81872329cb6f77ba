package dev.plainlance.lance.file;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.plainlance.lance.env.FileWorkers;
import dev.plainlance.lance.error.LanceException;
import dev.plainlance.lance.file.blob.BlobDescriptionReader;
import dev.plainlance.lance.file.blob.BlobV2DescriptionReader;
import dev.plainlance.lance.file.codec.ArrayData;
import dev.plainlance.lance.file.codec.DecodeException;
import dev.plainlance.lance.file.format.ColumnPages;
import dev.plainlance.lance.file.format.FieldReader;
import dev.plainlance.lance.file.format.FieldTree;
import dev.plainlance.lance.file.format.LanceFileFormatException;
import dev.plainlance.lance.file.format.LanceFileVersion;
import dev.plainlance.lance.file.v20.V20FieldReaders;
import dev.plainlance.lance.file.v21.V21FieldReaders;
import dev.plainlance.lance.io.ByteRange;
import dev.plainlance.lance.io.RandomAccessSource;
import dev.plainlance.lance.pb.file.FileDescriptor;
import dev.plainlance.lance.pb.file2.ColumnMetadata;
import dev.plainlance.lance.schema.BlobFields;
import dev.plainlance.lance.schema.LanceSchema;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.LongAdder;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Reader of one Lance data file (format 2.0, 2.1, 2.2 and 2.3) from a {@link RandomAccessSource}.
 *
 * <p>Opening reads the 40-byte footer, the column metadata and global buffer 0 (schema and row
 * count); page data is read on demand, one page at a time, only for the requested fields and rows.
 * Malformed input raises {@link LanceFileFormatException}. The reader does not close the source.
 */
public final class LanceFileReader {
    static final int FOOTER_SIZE = 40;
    /** A reader tells the source about at least this many batches ahead of the one being loaded... */
    static final int HINTED_BATCHES = 32;
    /** ...or more, up to about this many page bytes. */
    static final long HINTED_BYTES = 24L << 20;

    private static final byte[] MAGIC = "LANC".getBytes(StandardCharsets.US_ASCII);

    private final RandomAccessSource source;
    private final LanceFileVersion version;
    private final List<ColumnPages> columns;
    private final List<FieldTree> fields;
    private final Schema arrowSchema;
    private final long numRows;
    private final int[] firstColumn;
    private final LongAdder pageBytesRead;
    private final LongAdder pageReads;
    /** Thread-safe field readers, kept so that later reads of this file reuse their opened pages. */
    private final FieldReader[] sharedReaders;
    /** Offset and length of each global buffer, from the footer's table (buffer 0 is the file descriptor). */
    private final long[][] globalBuffers;

    private LanceFileReader(
            RandomAccessSource source,
            LanceFileVersion version,
            List<ColumnPages> columns,
            List<FieldTree> fields,
            Schema arrowSchema,
            long numRows,
            LongAdder pageBytesRead,
            LongAdder pageReads,
            long[][] globalBuffers) {
        this.pageBytesRead = pageBytesRead;
        this.pageReads = pageReads;
        this.globalBuffers = globalBuffers;
        this.source = source;
        this.version = version;
        this.columns = columns;
        this.fields = fields;
        this.arrowSchema = arrowSchema;
        this.numRows = numRows;
        this.firstColumn = new int[fields.size() + 1];
        this.sharedReaders = new FieldReader[fields.size()];
        for (int i = 0; i < fields.size(); i++) {
            firstColumn[i + 1] = firstColumn[i] + columnCount(fields.get(i), version);
        }
        if (firstColumn[fields.size()] != columns.size()) {
            throw error(
                    null,
                    "schema needs " + firstColumn[fields.size()] + " columns but the file has " + columns.size(),
                    null);
        }
    }

    /** Opens a file: reads and validates its footer, metadata tables and schema. */
    public static LanceFileReader open(RandomAccessSource source) {
        return open(source, readMetadata(source));
    }

    /**
     * What a file's footer, metadata tables and schema say, validated: everything {@link #open(RandomAccessSource,
     * Metadata)} needs besides the bytes, so that it can be kept (a session's metadata cache) and the file opened
     * again without reading them.
     *
     * @param tailBytes the bytes the metadata was read from, an estimate of what it holds in memory
     */
    public record Metadata(
            LanceFileVersion version,
            List<ColumnMetadata> columns,
            List<FieldTree> fields,
            Schema arrowSchema,
            long numRows,
            long[][] globalBuffers,
            long tailBytes) {}

    /** Reads and validates a file's footer, metadata tables and schema. */
    public static Metadata readMetadata(RandomAccessSource source) {
        String name = source.name();
        try {
            return doReadMetadata(source);
        } catch (LanceFileFormatException e) {
            throw e;
        } catch (dev.plainlance.lance.error.UnsupportedFeatureException e) {
            throw new dev.plainlance.lance.error.UnsupportedFeatureException(name + ": " + e.getMessage());
        } catch (DecodeException | ArithmeticException | IndexOutOfBoundsException | IllegalArgumentException e) {
            throw LanceFileFormatException.of(name, null, e.getMessage(), e);
        }
    }

    /**
     * Opens a file whose {@code metadata} was read before (from a file of the same name and size); the page
     * descriptions are checked against this source's size again.
     */
    public static LanceFileReader open(RandomAccessSource source, Metadata metadata) {
        String name = source.name();
        try {
            LongAdder bytesRead = new LongAdder();
            LongAdder reads = new LongAdder();
            List<ColumnPages> columns = new ArrayList<>(metadata.columns().size());
            for (ColumnMetadata column : metadata.columns()) {
                columns.add(new ColumnPages(source, column, bytesRead, reads));
            }
            return new LanceFileReader(
                    source,
                    metadata.version(),
                    columns,
                    metadata.fields(),
                    metadata.arrowSchema(),
                    metadata.numRows(),
                    bytesRead,
                    reads,
                    metadata.globalBuffers());
        } catch (LanceFileFormatException e) {
            throw e;
        } catch (DecodeException | ArithmeticException | IndexOutOfBoundsException | IllegalArgumentException e) {
            throw LanceFileFormatException.of(name, null, e.getMessage(), e);
        }
    }

    private static Metadata doReadMetadata(RandomAccessSource source) {
        long size = source.size();
        if (size < FOOTER_SIZE) {
            throw new DecodeException("file of " + size + " bytes is too short for a Lance footer");
        }
        ByteBuffer footer = ByteBuffer.wrap(ColumnPages.read(source, size - FOOTER_SIZE, FOOTER_SIZE))
                .order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = new byte[4];
        footer.get(36, magic);
        DecodeException.check(Arrays.equals(magic, MAGIC), "bad footer magic (not a Lance file)");
        long columnMetaStart = footer.getLong(0);
        long cmoStart = footer.getLong(8);
        long gboStart = footer.getLong(16);
        long numGlobalBuffers = Integer.toUnsignedLong(footer.getInt(24));
        long numColumns = Integer.toUnsignedLong(footer.getInt(28));
        int major = Short.toUnsignedInt(footer.getShort(32));
        int minor = Short.toUnsignedInt(footer.getShort(34));
        LanceFileVersion version = LanceFileVersion.fromFooter(major, minor);
        if (version == null) {
            throw new DecodeException("unsupported Lance file version " + major + "." + minor);
        }
        long tableEnd = size - FOOTER_SIZE;
        DecodeException.check(numGlobalBuffers >= 1, "file has no global buffers (schema expected)");
        DecodeException.check(
                cmoStart >= 0 && cmoStart <= tableEnd && numColumns * 16 <= tableEnd - cmoStart,
                "column metadata offset table lies outside the file");
        DecodeException.check(
                gboStart >= 0 && gboStart <= tableEnd && numGlobalBuffers * 16 <= tableEnd - gboStart,
                "global buffer offset table lies outside the file");
        DecodeException.check(
                columnMetaStart >= 0 && columnMetaStart <= cmoStart, "column metadata start out of range");

        byte[] tail = ColumnPages.read(
                source, columnMetaStart, DecodeException.toInt(size - columnMetaStart, "metadata size"));
        ByteBuffer tables = ByteBuffer.wrap(tail).order(ByteOrder.LITTLE_ENDIAN);
        int gbo = (int) (gboStart - columnMetaStart);
        byte[] descriptorBytes = readRange(
                source, tail, columnMetaStart, tables.getLong(gbo), tables.getLong(gbo + 8), "global buffer 0");
        FileDescriptor descriptor;
        try {
            descriptor = FileDescriptor.parseFrom(descriptorBytes);
        } catch (InvalidProtocolBufferException e) {
            throw new DecodeException("malformed file descriptor", e);
        }
        DecodeException.check(descriptor.hasSchema(), "file descriptor has no schema");
        long numRows = descriptor.getLength();
        DecodeException.check(numRows >= 0, "negative row count");

        int cmo = (int) (cmoStart - columnMetaStart);
        List<ColumnMetadata> columns = new ArrayList<>();
        for (int i = 0; i < numColumns; i++) {
            byte[] bytes = readRange(
                    source,
                    tail,
                    columnMetaStart,
                    tables.getLong(cmo + 16 * i),
                    tables.getLong(cmo + 16 * i + 8),
                    "column " + i + " metadata");
            try {
                columns.add(ColumnMetadata.parseFrom(bytes));
            } catch (InvalidProtocolBufferException e) {
                throw new DecodeException("malformed metadata of column " + i, e);
            }
        }
        List<FieldTree> fields = FieldTree.build(descriptor.getSchema().getFieldsList());
        Schema schema;
        try {
            schema = LanceSchema.fromProto(
                            FieldTree.withoutBlobV2Descriptions(
                                    descriptor.getSchema().getFieldsList()),
                            descriptor.getSchema().getMetadataMap())
                    .toArrowValues();
        } catch (LanceException e) {
            throw new DecodeException("invalid schema in the file descriptor: " + e.getMessage(), e);
        }
        long[][] globalBuffers = new long[(int) numGlobalBuffers][];
        for (int i = 0; i < globalBuffers.length; i++) {
            globalBuffers[i] = new long[] {tables.getLong(gbo + 16 * i), tables.getLong(gbo + 16 * i + 8)};
        }
        return new Metadata(
                version, List.copyOf(columns), fields, schema, numRows, globalBuffers, size - columnMetaStart);
    }

    /**
     * Bytes {@code [offset, offset + length)} of the file, taken from {@code tail} (the file from
     * {@code tailStart} to its end) when they lie inside it, else read from the source.
     */
    private static byte[] readRange(
            RandomAccessSource source, byte[] tail, long tailStart, long offset, long length, String what) {
        if (offset < 0 || length < 0 || length > Integer.MAX_VALUE - 64 || offset > source.size() - length) {
            throw new DecodeException(what + " [" + offset + ", +" + length + ") lies outside the file");
        }
        if (offset >= tailStart) {
            return Arrays.copyOfRange(tail, (int) (offset - tailStart), (int) (offset - tailStart + length));
        }
        return ColumnPages.read(source, offset, (int) length);
    }

    /** Number of columns a top-level field occupies: every field in 2.0, only leaves in 2.1+. */
    private static int columnCount(FieldTree field, LanceFileVersion version) {
        if (field.children().isEmpty()) {
            return 1;
        }
        int count = version.isStructural() ? 0 : 1;
        for (FieldTree child : field.children()) {
            count += columnCount(child, version);
        }
        return count;
    }

    public LanceFileVersion version() {
        return version;
    }

    /** How many global buffers the file has, the file descriptor (buffer 0) included. */
    public int globalBufferCount() {
        return globalBuffers.length;
    }

    /**
     * The bytes of global buffer {@code index} (0 is the file descriptor; writers put other file-wide data in the
     * rest, such as a vector index's partitions).
     *
     * @throws LanceFileFormatException if the file has no such buffer or its range lies outside the file
     */
    public byte[] globalBuffer(int index) {
        if (index < 0 || index >= globalBuffers.length) {
            throw LanceFileFormatException.of(
                    source.name(),
                    null,
                    "has no global buffer " + index + " (it has " + globalBuffers.length + ")",
                    null);
        }
        try {
            return readRange(
                    source,
                    new byte[0],
                    source.size(),
                    globalBuffers[index][0],
                    globalBuffers[index][1],
                    "global buffer " + index);
        } catch (DecodeException e) {
            throw LanceFileFormatException.of(source.name(), null, e.getMessage(), e);
        }
    }

    /** Arrow schema of the file's top-level fields. */
    public Schema arrowSchema() {
        return arrowSchema;
    }

    public long numRows() {
        return numRows;
    }

    public int numColumns() {
        return columns.size();
    }

    /** Bytes of the page buffers of column {@code column}. */
    public long columnPageBytes(int column) {
        return columns.get(column).pageBytes();
    }

    /** The Lance schema fields, top-level, with children. */
    public List<FieldTree> fields() {
        return Collections.unmodifiableList(fields);
    }

    /** Bytes of page data read from the source so far (metadata excluded). */
    public long pageBytesRead() {
        return pageBytesRead.sum();
    }

    /** Page buffer reads issued to the source so far. */
    public long pageReads() {
        return pageReads.sum();
    }

    /**
     * How many rows ahead of its reads a reader in batches of {@code batchSize} tells the source about: at least
     * {@link #HINTED_BATCHES} batches, or more, up to about {@link #HINTED_BYTES} of the fields' pages.
     */
    long hintWindow(List<Integer> fieldIndices, int batchSize) {
        return hintWindow(fieldIndices, batchSize, OptionalInt.empty());
    }

    /**
     * {@link #hintWindow(List, int)}, or, with {@code readahead} batches read ahead, those and the one loaded (one
     * ahead at least).
     */
    long hintWindow(List<Integer> fieldIndices, int batchSize, OptionalInt readahead) {
        if (readahead.isPresent()) {
            return (long) batchSize * (1 + Math.max(1, readahead.getAsInt()));
        }
        long bytes = 0;
        for (int field : fieldIndices) {
            for (int c = firstColumn[field]; c < firstColumn[field + 1]; c++) {
                bytes += columns.get(c).pageBytes();
            }
        }
        long byBytes = bytes == 0 ? 0 : (long) (HINTED_BYTES * ((double) numRows / bytes));
        return Math.max((long) batchSize * HINTED_BATCHES, byBytes);
    }

    /**
     * Tells the source where the first rows a reader in batches of {@code batchSize} would read lie (its first
     * hint window), for a file opened before it is read, so that its first pages arrive meanwhile.
     */
    public void prefetchStart(List<Integer> fieldIndices, int batchSize) {
        prefetchStart(fieldIndices, batchSize, OptionalInt.empty());
    }

    /** {@link #prefetchStart(List, int)} for a reader reading {@code readahead} batches ahead, when given. */
    public void prefetchStart(List<Integer> fieldIndices, int batchSize, OptionalInt readahead) {
        prefetch(fieldIndices, 0, Math.min(numRows, hintWindow(fieldIndices, batchSize, readahead)));
    }

    /**
     * Tells the source which page buffers rows {@code [startRow, endRow)} of top-level fields {@code fieldIndices}
     * will read (see {@link RandomAccessSource#prefetch}). A column that counts items rather than rows (the items
     * of a 2.0 list) is hinted at the proportional place; the hint only affects when bytes arrive.
     */
    void prefetch(List<Integer> fieldIndices, long startRow, long endRow) {
        if (numRows == 0 || startRow >= endRow) {
            return;
        }
        List<ByteRange> ranges = new ArrayList<>();
        for (int field : fieldIndices) {
            for (int c = firstColumn[field]; c < firstColumn[field + 1]; c++) {
                ColumnPages column = columns.get(c);
                long length = column.totalLength();
                if (length == numRows) {
                    column.addBufferRanges(startRow, endRow, ranges);
                } else if (length > 0) {
                    double itemsPerRow = (double) length / numRows;
                    column.addBufferRanges(
                            (long) (startRow * itemsPerRow), (long) Math.ceil(endRow * itemsPerRow), ranges);
                }
            }
        }
        if (!ranges.isEmpty()) {
            source.prefetch(ranges);
        }
    }

    /**
     * Iterates over rows {@code [startRow, endRow)} of the given top-level fields (indices into
     * {@link #arrowSchema()}'s fields; null means all) in batches of at most {@code batchSize}
     * rows.
     */
    public LanceFileBatchReader readBatches(
            BufferAllocator allocator, List<Integer> fieldIndices, long startRow, long endRow, int batchSize) {
        return readBatches(allocator, FileWorkers.pool(), fieldIndices, startRow, endRow, batchSize);
    }

    /** {@link #readBatches(BufferAllocator, List, long, long, int)}, decoding ahead on {@code workers}. */
    public LanceFileBatchReader readBatches(
            BufferAllocator allocator,
            ForkJoinPool workers,
            List<Integer> fieldIndices,
            long startRow,
            long endRow,
            int batchSize) {
        return readBatches(allocator, workers, fieldIndices, startRow, endRow, batchSize, OptionalInt.empty());
    }

    /**
     * {@link #readBatches(BufferAllocator, ForkJoinPool, List, long, long, int)}, reading {@code readahead} batches
     * ahead of the one loaded when given: their ranges are asked of the source and they are decoded on
     * {@code workers} meanwhile (at least one, the next). Without it the reader decides: ranges of at least
     * {@link #HINTED_BATCHES} batches or about {@link #HINTED_BYTES} of pages, two batches decoded per worker.
     */
    public LanceFileBatchReader readBatches(
            BufferAllocator allocator,
            ForkJoinPool workers,
            List<Integer> fieldIndices,
            long startRow,
            long endRow,
            int batchSize,
            OptionalInt readahead) {
        if (startRow < 0 || endRow > numRows || startRow > endRow || batchSize <= 0) {
            throw new IllegalArgumentException("invalid row range ["
                    + startRow
                    + ", "
                    + endRow
                    + ") of "
                    + numRows
                    + " rows or batch size "
                    + batchSize);
        }
        List<Integer> indices = fieldIndices;
        if (indices == null) {
            indices = new ArrayList<>();
            for (int i = 0; i < fields.size(); i++) {
                indices.add(i);
            }
        }
        List<org.apache.arrow.vector.types.pojo.Field> selected = new ArrayList<>();
        List<FieldReader> readers = new ArrayList<>();
        for (int index : indices) {
            if (index < 0 || index >= fields.size()) {
                throw new IllegalArgumentException("no field with index " + index);
            }
            selected.add(arrowSchema.getFields().get(index));
            readers.add(fieldReader(index));
        }
        return new LanceFileBatchReader(
                this,
                allocator,
                workers,
                new Schema(selected, arrowSchema.getCustomMetadata()),
                List.copyOf(indices),
                readers,
                startRow,
                endRow,
                batchSize,
                readahead);
    }

    /**
     * A reader of chosen rows of the given top-level fields (indices into {@link #arrowSchema()}'s fields) into
     * Arrow memory from {@code allocator}; the caller closes it.
     */
    public PickedRowsReader readPicked(BufferAllocator allocator, ForkJoinPool workers, List<Integer> fieldIndices) {
        for (int index : fieldIndices) {
            if (index < 0 || index >= fields.size()) {
                throw new IllegalArgumentException("no field with index " + index);
            }
        }
        return new PickedRowsReader(this, allocator, workers, fieldIndices);
    }

    /**
     * A reader of top-level field {@code index}. A thread-safe reader is built once and shared by every later
     * {@link #readBatches} call, so that reads seeking around the file (takes) open each page once.
     */
    FieldReader fieldReader(int index) {
        synchronized (sharedReaders) {
            if (sharedReaders[index] != null) {
                return sharedReaders[index];
            }
        }
        FieldReader reader = newFieldReader(index);
        if (reader.isThreadSafe()) {
            synchronized (sharedReaders) {
                if (sharedReaders[index] == null) {
                    sharedReaders[index] = reader;
                }
                return sharedReaders[index];
            }
        }
        return reader;
    }

    private FieldReader newFieldReader(int index) {
        FieldTree field = fields.get(index);
        List<ColumnPages> own = columns.subList(firstColumn[index], firstColumn[index + 1]);
        org.apache.arrow.vector.types.pojo.Field arrowField =
                arrowSchema.getFields().get(index);
        try {
            if (BlobFields.isBlobV2(field.logicalType(), field.field().getMetadataMap())) {
                DecodeException.check(own.size() == 1, "a blob v2 column has one column, not " + own.size());
                DecodeException.check(version.isStructural(), "a blob v2 column in a 2.0 file");
                return new BlobV2DescriptionReader(field, own.get(0), numRows, version);
            }
            if (BlobFields.isBlob(field.logicalType(), field.field().getMetadataMap())) {
                DecodeException.check(own.size() == 1, "a blob column has one column, not " + own.size());
                return new BlobDescriptionReader(own.get(0), version.isStructural());
            }
            return version.isStructural()
                    ? V21FieldReaders.create(field, arrowField, own, numRows, version)
                    : V20FieldReaders.create(field, arrowField, own, numRows);
        } catch (DecodeException | ArithmeticException | IndexOutOfBoundsException | IllegalArgumentException e) {
            throw error(field.name(), e.getMessage(), e);
        }
    }

    /**
     * Runs a decoder of {@code rows} rows of {@code column}, checking it returned that many and turning decoding
     * failures into {@link LanceFileFormatException}.
     */
    ArrayData decoded(String column, int rows, java.util.function.Supplier<ArrayData> decoder) {
        try {
            ArrayData data = decoder.get();
            if (data.length != rows) {
                throw new DecodeException("decoded " + data.length + " rows, expected " + rows);
            }
            return data;
        } catch (LanceFileFormatException e) {
            throw e;
        } catch (DecodeException
                | ArithmeticException
                | IndexOutOfBoundsException
                | IllegalArgumentException
                | NegativeArraySizeException
                | IllegalStateException e) {
            throw error(column, e.getMessage(), e);
        }
    }

    LanceFileFormatException error(String column, String message, Throwable cause) {
        return LanceFileFormatException.of(source.name(), column, message, cause);
    }
}
