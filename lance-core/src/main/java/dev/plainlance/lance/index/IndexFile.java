package dev.plainlance.lance.index;

import dev.plainlance.lance.error.LanceIOException;
import dev.plainlance.lance.file.LanceFileBatchReader;
import dev.plainlance.lance.file.LanceFileReader;
import dev.plainlance.lance.io.RandomAccessSource;
import dev.plainlance.lance.table.FileBases;
import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/** One Lance file of an index segment ({@code _indices/{uuid}/{name}}), read by row ranges. */
final class IndexFile implements Closeable {
    /** Told each batch of a read, with the row number of its first row. */
    @FunctionalInterface
    interface BatchConsumer {
        void accept(VectorSchemaRoot batch, long firstRow) throws IOException;
    }

    private final FileBases.Located where;
    private final RandomAccessSource source;
    private final LanceFileReader reader;

    private IndexFile(FileBases.Located where, RandomAccessSource source, LanceFileReader reader) {
        this.where = where;
        this.source = source;
        this.reader = reader;
    }

    static IndexFile open(FileBases.Located where) {
        RandomAccessSource source;
        try {
            source = where.storage().openRandomAccess(where.key());
        } catch (IOException e) {
            throw new LanceIOException("cannot open index file " + where.describe(), e);
        }
        try {
            return new IndexFile(where, source, LanceFileReader.open(source));
        } catch (RuntimeException e) {
            try {
                source.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    String describe() {
        return where.describe();
    }

    LanceFileReader reader() {
        return reader;
    }

    long numRows() {
        return reader.numRows();
    }

    Map<String, String> metadata() {
        Map<String, String> metadata = reader.arrowSchema().getCustomMetadata();
        return metadata == null ? Map.of() : metadata;
    }

    int column(String name) {
        List<org.apache.arrow.vector.types.pojo.Field> fields =
                reader.arrowSchema().getFields();
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).getName().equals(name)) {
                return i;
            }
        }
        throw new dev.plainlance.lance.error.CorruptFileException(where.describe(), "has no column " + name);
    }

    /** Reads rows {@code [start, end)} of {@code columns} in batches. */
    void read(BufferAllocator allocator, List<Integer> columns, long start, long end, BatchConsumer consumer)
            throws IOException {
        if (start >= end) {
            return;
        }
        try (LanceFileBatchReader batches = reader.readBatches(allocator, columns, start, end, 65_536)) {
            long row = start;
            while (batches.loadNextBatch()) {
                VectorSchemaRoot root = batches.getVectorSchemaRoot();
                consumer.accept(root, row);
                row += root.getRowCount();
            }
        }
    }

    @Override
    public void close() throws IOException {
        source.close();
    }
}
