package dev.plainlance.cli.parquet;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.parquet.format.converter.ParquetMetadataConverter;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.RecordMaterializer;
import org.apache.parquet.schema.MessageType;

/**
 * A Parquet file as Arrow batches, with parquet-java's pure-Java modules only: the footer is decoded by
 * parquet-hadoop's metadata converter (no Hadoop class is loaded), column chunks are read and decompressed here
 * ({@link RowGroupPages}, {@link Codecs}), and parquet-column assembles records into Arrow vectors
 * ({@link ColumnWriter}). Memory is bounded by one row group plus one batch.
 */
public final class ParquetArrowReader extends ArrowReader {
    private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);

    private final FileChannel channel;
    private final String file;
    private final long size;
    private final MessageType parquetSchema;
    private final Schema schema;
    private final List<BlockMetaData> groups;
    private final int batchSize;
    private int nextGroup;
    private long rowsLeftInGroup;
    private RecordReader<Object> records;
    private List<ColumnWriter> writers;

    private ParquetArrowReader(
            FileChannel channel,
            String file,
            long size,
            ParquetMetadata metadata,
            int batchSize,
            BufferAllocator allocator) {
        super(allocator);
        this.channel = channel;
        this.file = file;
        this.size = size;
        this.parquetSchema = metadata.getFileMetaData().getSchema();
        this.groups = metadata.getBlocks();
        this.batchSize = batchSize;
        ArrowMapping mapping = new ArrowMapping(file);
        List<Field> fields = new ArrayList<>();
        parquetSchema.getFields().forEach(t -> fields.add(mapping.field(t)));
        this.schema = new Schema(fields);
    }

    /**
     * Opens {@code path} and reads its footer.
     *
     * @throws ParquetInputException when the file is not Parquet, is truncated or corrupt, or uses a column type
     *     plainlance does not import
     */
    public static ParquetArrowReader open(Path path, int batchSize, BufferAllocator allocator) throws IOException {
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
        try {
            String file = path.toString();
            long size = channel.size();
            ParquetMetadata metadata = footer(channel, size, file);
            return new ParquetArrowReader(channel, file, size, metadata, batchSize, allocator);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static ParquetMetadata footer(FileChannel channel, long size, String file) throws IOException {
        if (size < 12) {
            throw new ParquetInputException(file, "not a Parquet file (" + size + " bytes, too short)");
        }
        ByteBuffer tail = read(channel, size - 8, 8, file);
        int length = tail.order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt(0);
        byte[] magic = new byte[4];
        tail.get(4, magic);
        if (!java.util.Arrays.equals(magic, MAGIC)) {
            throw new ParquetInputException(file, "not a Parquet file (no PAR1 magic at the end; truncated?)");
        }
        if (length <= 0 || length > size - 12) {
            throw new ParquetInputException(
                    file, "footer length " + length + " does not fit a file of " + size + " bytes");
        }
        ByteBuffer footer = read(channel, size - 8 - length, length, file);
        try {
            return new ParquetMetadataConverter()
                    .readParquetMetadata(new ByteArrayInputStream(footer.array()), ParquetMetadataConverter.NO_FILTER);
        } catch (IOException | RuntimeException e) {
            throw new ParquetInputException(file, "corrupt footer: " + e.getMessage(), e);
        }
    }

    private static ByteBuffer read(FileChannel channel, long offset, int length, String file) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, offset + buffer.position()) < 0) {
                throw new ParquetInputException(file, "truncated");
            }
        }
        return buffer.flip();
    }

    @Override
    public boolean loadNextBatch() throws IOException {
        VectorSchemaRoot root = getVectorSchemaRoot();
        if (writers == null) {
            writers = new ArrayList<>();
            for (int i = 0; i < parquetSchema.getFieldCount(); i++) {
                writers.add(ArrowMapping.writer(parquetSchema.getType(i), root.getVector(i)));
            }
        }
        root.getFieldVectors().forEach(FieldVector::reset);
        root.getFieldVectors().forEach(FieldVector::allocateNew);
        writers.forEach(ColumnWriter::reset);
        int rows = 0;
        while (rows < batchSize) {
            if (rowsLeftInGroup == 0 && !openNextGroup()) {
                break;
            }
            writers.forEach(ColumnWriter::begin);
            try {
                records.read();
            } catch (RuntimeException e) {
                throw new ParquetInputException(
                        file, "corrupt data in row group " + (nextGroup - 1) + ": " + e.getMessage(), e);
            }
            writers.forEach(ColumnWriter::finish);
            rowsLeftInGroup--;
            rows++;
        }
        root.setRowCount(rows);
        return rows > 0;
    }

    private boolean openNextGroup() throws IOException {
        while (nextGroup < groups.size()) {
            BlockMetaData group = groups.get(nextGroup++);
            if (group.getRowCount() == 0) {
                continue;
            }
            RowGroupPages pages = new RowGroupPages(channel, size, group, file);
            MessageColumnIO io = new ColumnIOFactory().getColumnIO(parquetSchema);
            records = io.getRecordReader(pages, new Materializer());
            rowsLeftInGroup = group.getRowCount();
            return true;
        }
        return false;
    }

    /** Hands parquet-column the writers' converters; the records themselves land in the Arrow vectors. */
    private final class Materializer extends RecordMaterializer<Object> {
        private final GroupConverter root = new GroupConverter() {
            @Override
            public Converter getConverter(int field) {
                return writers.get(field).converter();
            }

            @Override
            public void start() {}

            @Override
            public void end() {}
        };

        @Override
        public Object getCurrentRecord() {
            return Boolean.TRUE;
        }

        @Override
        public GroupConverter getRootConverter() {
            return root;
        }
    }

    @Override
    public long bytesRead() {
        return 0;
    }

    @Override
    protected void closeReadSource() throws IOException {
        channel.close();
    }

    @Override
    protected Schema readSchema() {
        return schema;
    }
}
