package dev.plainlance.graph;

import dev.plainlance.lance.arrow.ArrowReaders;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.ipc.ArrowReader;

/**
 * The rows one commit adds to one table, gathered as Arrow batches: kept in memory while small, moved to a
 * temporary Arrow IPC file once they pass {@link #SPILL_ROWS}, so a load of any size holds one batch per table in
 * memory. {@link #reader()} reads them all again, as often as a commit stages.
 */
final class RowSpill implements AutoCloseable {
    static final int BATCH_ROWS = 8192;
    static final int SPILL_ROWS = 65_536;

    private final TypeRows layout;
    private final BufferAllocator allocator;
    private final List<VectorSchemaRoot> held = new ArrayList<>();
    private VectorSchemaRoot open;
    private long rows;
    private Path file;
    private FileChannel channel;
    private ArrowFileWriter writer;
    private VectorSchemaRoot writerRoot;
    private final List<ArrowReader> readers = new ArrayList<>();

    RowSpill(TypeRows layout, BufferAllocator allocator) {
        this.layout = layout;
        this.allocator = allocator;
    }

    long rows() {
        return rows;
    }

    void add(Entity entity) {
        if (open == null) {
            open = VectorSchemaRoot.create(layout.schema, allocator);
            open.allocateNew();
        }
        int row = open.getRowCount();
        layout.write(open, row, entity);
        open.setRowCount(row + 1);
        rows++;
        if (open.getRowCount() == BATCH_ROWS) {
            seal();
        }
    }

    private void seal() {
        if (open == null) {
            return;
        }
        held.add(open);
        open = null;
        if (writer != null || rows >= SPILL_ROWS) {
            spill();
        }
    }

    private void spill() {
        try {
            if (writer == null) {
                file = Files.createTempFile("plainlance-graph-", ".arrow");
                channel = FileChannel.open(file, StandardOpenOption.WRITE);
                writerRoot = VectorSchemaRoot.create(layout.schema, allocator);
                writer = new ArrowFileWriter(writerRoot, null, channel);
                writer.start();
            }
            for (VectorSchemaRoot batch : held) {
                try (var record = new org.apache.arrow.vector.VectorUnloader(batch).getRecordBatch()) {
                    new org.apache.arrow.vector.VectorLoader(writerRoot).load(record);
                }
                writer.writeBatch();
                batch.close();
            }
            held.clear();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the temporary rows file " + file, e);
        }
    }

    /** A fresh reader of every row added, closed at the latest with the spill; the spill stays open for more. */
    ArrowReader reader() {
        ArrowReader reader = open();
        readers.add(reader);
        return reader;
    }

    private ArrowReader open() {
        seal();
        if (writer == null) {
            return ArrowReaders.of(layout.schema, held, allocator);
        }
        try {
            if (channel.isOpen()) {
                writer.end();
                writer.close();
                channel.close();
                writerRoot.close();
            }
            return new ArrowFileReader(FileChannel.open(file, StandardOpenOption.READ), allocator);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the temporary rows file " + file, e);
        }
    }

    @Override
    public void close() {
        for (ArrowReader reader : readers) {
            try {
                reader.close();
            } catch (IOException | RuntimeException e) {
                // already closed by the operation that read it, or spent
            }
        }
        if (open != null) {
            open.close();
        }
        held.forEach(VectorSchemaRoot::close);
        held.clear();
        try {
            if (writer != null && channel.isOpen()) {
                writer.close();
                channel.close();
                writerRoot.close();
            }
            if (file != null) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            // a temporary file; nothing else depends on it
        }
    }
}
