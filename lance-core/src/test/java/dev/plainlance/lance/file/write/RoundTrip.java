package dev.plainlance.lance.file.write;

import dev.plainlance.jsonl.CanonicalJsonLines;
import dev.plainlance.lance.file.LanceFileBatchReader;
import dev.plainlance.lance.file.LanceFileReader;
import dev.plainlance.lance.file.PickedRowsReader;
import dev.plainlance.lance.file.format.ByteArraySource;
import dev.plainlance.lance.file.format.LanceFileVersion;
import dev.plainlance.lance.schema.LanceSchema;
import dev.plainlance.testkit.arrow.ArrowBatchArbitraries;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/** Test helpers: writing rows with {@link LanceFileWriter} and reading them back with plainlance's reader. */
final class RoundTrip {
    private RoundTrip() {}

    /** The written file and its summary. */
    record Written(byte[] bytes, WrittenFile summary) {}

    /** Writes {@code batches} (lists of rows) into one file. */
    static Written write(
            Schema schema,
            List<List<List<Object>>> batches,
            LanceFileVersion version,
            WriterOptions options,
            BufferAllocator allocator) {
        ByteArraySink sink = new ByteArraySink();
        LanceFileWriter writer = LanceFileWriter.create(sink, LanceSchema.fromArrow(schema), version, options);
        for (List<List<Object>> rows : batches) {
            try (VectorSchemaRoot root = ArrowBatchArbitraries.fill(schema, rows, allocator)) {
                writer.write(root);
            }
        }
        WrittenFile summary = writer.finish();
        return new Written(sink.toByteArray(), summary);
    }

    /** Canonical JSON of every row of {@code batches}. */
    static List<String> expected(Schema schema, List<List<List<Object>>> batches, BufferAllocator allocator) {
        List<String> out = new ArrayList<>();
        for (List<List<Object>> rows : batches) {
            try (VectorSchemaRoot root = ArrowBatchArbitraries.fill(schema, rows, allocator)) {
                out.addAll(json(root));
            }
        }
        return out;
    }

    /** Canonical JSON of every row read back by plainlance's reader, in batches of {@code batchSize}. */
    static List<String> readBack(byte[] file, BufferAllocator allocator, int batchSize) {
        LanceFileReader reader = LanceFileReader.open(new ByteArraySource(file, "written.lance"));
        List<String> out = new ArrayList<>();
        try (LanceFileBatchReader batches = reader.readBatches(allocator, null, 0, reader.numRows(), batchSize)) {
            while (batches.loadNextBatch()) {
                out.addAll(json(batches.getVectorSchemaRoot()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** Canonical JSON of the rows {@code rows[0..n)} (ascending) of every field, read by picking them. */
    static List<String> readPicked(byte[] file, BufferAllocator allocator, int[] rows, int n) {
        LanceFileReader reader = LanceFileReader.open(new ByteArraySource(file, "written.lance"));
        List<Integer> fields = new ArrayList<>();
        for (int i = 0; i < reader.fields().size(); i++) {
            fields.add(i);
        }
        try (PickedRowsReader picked = reader.readPicked(allocator, ForkJoinPool.commonPool(), fields)) {
            return json(picked.read(rows, n));
        }
    }

    static List<String> json(VectorSchemaRoot root) {
        CanonicalJsonLines printer = new CanonicalJsonLines();
        List<String> out = new ArrayList<>();
        for (int r = 0; r < root.getRowCount(); r++) {
            StringBuilder line = new StringBuilder();
            printer.appendRow(root, r, line);
            out.add(line.toString());
        }
        return out;
    }
}
