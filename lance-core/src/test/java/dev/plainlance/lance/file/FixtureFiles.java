package dev.plainlance.lance.file;

import dev.plainlance.lance.file.format.ByteArraySource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.util.JsonStringArrayList;
import org.apache.arrow.vector.util.JsonStringHashMap;
import org.apache.arrow.vector.util.Text;

/**
 * Test helpers: loading fixture files from the classpath and reading them into plain Java values.
 */
final class FixtureFiles {
    private FixtureFiles() {}

    static byte[] bytes(String resource) {
        try (InputStream in = FixtureFiles.class.getResourceAsStream("/lance-7.0.0/" + resource)) {
            if (in == null) {
                throw new IllegalArgumentException("missing test resource " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static LanceFileReader open(String resource) {
        return LanceFileReader.open(new ByteArraySource(bytes(resource), resource));
    }

    /**
     * All rows of all fields, one list of column values per field, values normalized by {@link
     * #plain}.
     */
    static List<List<Object>> readColumns(LanceFileReader reader, BufferAllocator allocator, int batchSize) {
        List<List<Object>> columns = new ArrayList<>();
        for (int i = 0; i < reader.arrowSchema().getFields().size(); i++) {
            columns.add(new ArrayList<>());
        }
        try (LanceFileBatchReader batches = reader.readBatches(allocator, null, 0, reader.numRows(), batchSize)) {
            while (batches.loadNextBatch()) {
                VectorSchemaRoot root = batches.getVectorSchemaRoot();
                for (int c = 0; c < root.getFieldVectors().size(); c++) {
                    FieldVector vector = root.getVector(c);
                    for (int r = 0; r < root.getRowCount(); r++) {
                        columns.get(c).add(plain(vector.getObject(r)));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return columns;
    }

    /**
     * Converts Arrow's getObject results to plain Java values (String, List, Map, List of bytes).
     */
    static Object plain(Object value) {
        if (value instanceof Text) {
            return value.toString();
        }
        if (value instanceof byte[]) {
            List<Integer> bytes = new ArrayList<>();
            for (byte b : (byte[]) value) {
                bytes.add(b & 0xFF);
            }
            return bytes;
        }
        if (value instanceof JsonStringArrayList || value instanceof List) {
            List<Object> out = new ArrayList<>();
            for (Object item : (List<?>) value) {
                out.add(plain(item));
            }
            return out;
        }
        if (value instanceof JsonStringHashMap || value instanceof Map) {
            Map<String, Object> out = new java.util.TreeMap<>();
            ((Map<?, ?>) value).forEach((k, v) -> out.put(k.toString(), plain(v)));
            return out;
        }
        return value;
    }
}
