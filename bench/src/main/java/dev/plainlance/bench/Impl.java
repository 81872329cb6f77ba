package dev.plainlance.bench;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;

/** One Lance implementation under test. */
interface Impl {
    /** Short name printed in the report. */
    String name();

    /**
     * Opens the dataset at {@code uri}, scans {@code columns} (empty = all) in batches of {@code batchSize}, consumes
     * every batch with {@link #consume} and closes everything.
     */
    ScanResult scan(String uri, Optional<List<String>> columns, int batchSize) throws Exception;

    /** Why {@link #write} cannot run for {@code version}, or empty if it can. */
    Optional<String> writeUnavailable(String version);

    /** Creates a new dataset at {@code uri} (data storage version {@code version}) from {@code reader}. */
    void write(ArrowReader reader, String uri, String version) throws Exception;

    /** Number of rows of the latest version of the dataset at {@code uri}. */
    long countRows(String uri) throws Exception;

    /**
     * Reads every batch of {@code reader}: counts rows and, for the columns present, sums {@code value} and
     * {@code id} and adds up the bytes of {@code name}. The same code consumes both implementations' batches.
     */
    static ScanResult consume(ArrowReader reader) throws IOException {
        ScanResult.Builder result = new ScanResult.Builder();
        while (reader.loadNextBatch()) {
            VectorSchemaRoot root = reader.getVectorSchemaRoot();
            int n = root.getRowCount();
            result.rows += n;
            result.batches++;
            for (FieldVector vector : root.getFieldVectors()) {
                if (n > 0 && vector.getNullCount() != 0) {
                    throw new IllegalStateException(vector.getName() + ": unexpected nulls");
                }
                switch (vector.getName()) {
                    case "value" -> {
                        ArrowBuf data = ((Float8Vector) vector).getDataBuffer();
                        double sum = 0;
                        for (int i = 0; i < n; i++) {
                            sum += data.getDouble((long) i * Double.BYTES);
                        }
                        result.valueSum += sum;
                    }
                    case "id" -> {
                        ArrowBuf data = ((BigIntVector) vector).getDataBuffer();
                        long sum = 0;
                        for (int i = 0; i < n; i++) {
                            sum += data.getLong((long) i * Long.BYTES);
                        }
                        result.idSum += sum;
                    }
                    case "name" -> {
                        if (n > 0) {
                            ArrowBuf offsets = ((VarCharVector) vector).getOffsetBuffer();
                            result.nameBytes += offsets.getInt((long) n * Integer.BYTES) - offsets.getInt(0);
                        }
                    }
                    default -> {}
                }
            }
        }
        return result.build();
    }
}
