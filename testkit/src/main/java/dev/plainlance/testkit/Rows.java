package dev.plainlance.testkit;

import dev.plainlance.lance.Dataset;
import dev.plainlance.lance.ipc.LanceScanner;
import dev.plainlance.lance.ipc.ScanOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/** The one-column rows (id int64) the built-in crash targets write, and how to read them back. */
public final class Rows {
    public static final Schema SCHEMA = new Schema(List.of(Field.notNullable("id", new ArrowType.Int(64, true))));

    private Rows() {}

    /** A reader of the given ids, which closes its own buffers. */
    public static ArrowReader of(List<Long> ids, BufferAllocator allocator) {
        return new ArrowReader(allocator) {
            private boolean done;

            @Override
            public boolean loadNextBatch() throws IOException {
                if (done) {
                    return false;
                }
                done = true;
                VectorSchemaRoot root = getVectorSchemaRoot();
                BigIntVector vector = (BigIntVector) root.getVector(0);
                vector.allocateNew(ids.size());
                for (int i = 0; i < ids.size(); i++) {
                    vector.set(i, ids.get(i));
                }
                vector.setValueCount(ids.size());
                root.setRowCount(ids.size());
                return true;
            }

            @Override
            public long bytesRead() {
                return 0;
            }

            @Override
            protected void closeReadSource() {}

            @Override
            protected Schema readSchema() {
                return SCHEMA;
            }
        };
    }

    /** The ids of {@code dataset}, sorted. */
    public static List<Long> ids(Dataset dataset) {
        List<Long> out = new ArrayList<>();
        try (LanceScanner scanner = dataset.newScan(
                        new ScanOptions.Builder().columns(List.of("id")).build());
                ArrowReader batches = scanner.scanBatches()) {
            while (batches.loadNextBatch()) {
                BigIntVector ids = (BigIntVector) batches.getVectorSchemaRoot().getVector("id");
                for (int i = 0; i < batches.getVectorSchemaRoot().getRowCount(); i++) {
                    out.add(ids.get(i));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.sort(null);
        return out;
    }
}
