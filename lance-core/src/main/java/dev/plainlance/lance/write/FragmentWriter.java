package dev.plainlance.lance.write;

import dev.plainlance.lance.error.LanceIOException;
import dev.plainlance.lance.file.blob.BlobSidecars;
import dev.plainlance.lance.file.format.LanceFileVersion;
import dev.plainlance.lance.file.write.LanceFileWriter;
import dev.plainlance.lance.file.write.OutputSink;
import dev.plainlance.lance.file.write.WriterOptions;
import dev.plainlance.lance.file.write.WrittenFile;
import dev.plainlance.lance.io.PendingObject;
import dev.plainlance.lance.io.Storage;
import dev.plainlance.lance.pb.table.DataFile;
import dev.plainlance.lance.pb.table.DataFragment;
import dev.plainlance.lance.schema.LanceSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;

/**
 * Writes the rows of an Arrow reader into new data files under {@code data/}, at most {@code maxRowsPerFile} rows
 * each, and a file is finished once {@code maxBytesPerFile} of it are written (checked after each batch), and describes them as fragments with unassigned ids (0) for an Append or Overwrite transaction. Each file
 * becomes visible only when complete; on failure no new file is visible.
 *
 * <p>A finished file is published only after the next one is written (or at the end): its storage may make it
 * durable in the background meanwhile (see {@link PendingObject#finishWriting()}). The storage calls still come in
 * one order, from the caller's thread.
 */
public final class FragmentWriter {
    private final Storage storage;
    private final LanceSchema schema;
    private final LanceFileVersion version;
    private final int maxRowsPerFile;
    private final long maxBytesPerFile;
    private final DataFileNames names;
    private final WriterOptions options;

    /**
     * A writer of data files of {@code schema} in {@code version}.
     *
     * @throws dev.plainlance.lance.error.UnsupportedFeatureException naming the column if the schema cannot be
     *     written in that version (see {@link LanceFileWriter#checkWritable})
     */
    public FragmentWriter(
            Storage storage,
            LanceSchema schema,
            LanceFileVersion version,
            int maxRowsPerFile,
            long maxBytesPerFile,
            DataFileNames names,
            WriterOptions options) {
        LanceFileWriter.checkWritable(schema, version);
        this.storage = storage;
        this.schema = schema;
        this.version = version;
        this.maxRowsPerFile = maxRowsPerFile;
        this.maxBytesPerFile = maxBytesPerFile;
        this.names = names;
        this.options = options;
    }

    /** Finished files waiting to be published at a time, beyond which the oldest is published. */
    private static final int UNPUBLISHED_FILES = 1;

    /** Writes every batch of {@code reader}; returns one fragment per data file, in row order. */
    public List<DataFragment> write(ArrowReader reader) throws IOException {
        List<DataFragment> fragments = new ArrayList<>();
        ArrayDeque<FinishedFile> unpublished = new ArrayDeque<>();
        OpenFile open = null;
        try {
            while (reader.loadNextBatch()) {
                VectorSchemaRoot batch = reader.getVectorSchemaRoot();
                int offset = 0;
                while (offset < batch.getRowCount()) {
                    if (open == null) {
                        open = new OpenFile(names.next());
                    }
                    int take = (int) Math.min(batch.getRowCount() - offset, maxRowsPerFile - open.rows);
                    open.write(batch, offset, take);
                    open.rows += take;
                    offset += take;
                    if (open.rows == maxRowsPerFile || open.writer.estimatedSize() >= maxBytesPerFile) {
                        unpublished.add(open.finish());
                        open = null;
                        while (unpublished.size() > UNPUBLISHED_FILES) {
                            fragments.add(unpublished.peek().publish());
                            unpublished.poll();
                        }
                    }
                }
            }
            if (open != null) {
                unpublished.add(open.finish());
                open = null;
            }
            while (!unpublished.isEmpty()) {
                fragments.add(unpublished.peek().publish());
                unpublished.poll();
            }
            return fragments;
        } finally {
            if (open != null) {
                open.writer.abort();
                open.pending.close();
                deleteQuietly(open.sidecars);
            }
            for (FinishedFile file : unpublished) {
                file.pending.close();
                deleteQuietly(file.sidecars);
            }
        }
    }

    /**
     * Deletes the blob sidecar files of a data file that will not be published; a failure leaves them for cleanup
     * (nothing refers to them).
     */
    private void deleteQuietly(List<String> sidecars) {
        for (String key : sidecars) {
            try {
                storage.delete(key);
            } catch (IOException | RuntimeException e) {
                // unreferenced; a later cleanup removes it
            }
        }
        if (!sidecars.isEmpty()) {
            String dir = sidecars.get(0).substring(0, sidecars.get(0).lastIndexOf('/'));
            try {
                storage.deleteEmptyDirectory(dir);
            } catch (IOException | RuntimeException e) {
                // an empty directory left behind holds nothing
            }
        }
    }

    /** A data file whose bytes are all written (its sidecars committed), not yet visible. */
    private final class FinishedFile {
        final String name;
        final PendingObject pending;
        final DataFragment fragment;
        final List<String> sidecars;

        FinishedFile(String name, PendingObject pending, DataFragment fragment, List<String> sidecars) {
            this.name = name;
            this.pending = pending;
            this.fragment = fragment;
            this.sidecars = sidecars;
        }

        /** Makes the file visible and returns its fragment; a failure names the file. */
        DataFragment publish() throws IOException {
            try {
                pending.commit();
            } catch (IOException e) {
                throw new LanceIOException("cannot publish data file " + storage.describe("data/" + name), e);
            } finally {
                pending.close();
            }
            return fragment;
        }
    }

    /** A data file being written, with the keys of the blob sidecar files started for it. */
    private final class OpenFile {
        final String name;
        final PendingObject pending;
        final LanceFileWriter writer;
        final List<String> sidecars = new ArrayList<>();
        long rows;

        OpenFile(String name) throws IOException {
            this.name = name;
            this.pending = storage.create("data/" + name);
            this.writer = LanceFileWriter.create(OutputSink.of(pending), schema, version, options, this::sidecar);
        }

        private PendingObject sidecar(int blobId) throws IOException {
            String key = BlobSidecars.key("data/" + name, blobId);
            sidecars.add(key);
            return storage.create(key);
        }

        /** Appends {@code batch}; a failed write to the storage is reported naming the file. */
        void write(VectorSchemaRoot batch, int from, int count) {
            try {
                writer.write(batch, from, count);
            } catch (UncheckedIOException e) {
                throw writeFailure(e.getCause());
            }
        }

        private LanceIOException writeFailure(IOException e) {
            return new LanceIOException("cannot write data file " + storage.describe("data/" + name), e);
        }

        /** Writes the file's last pages and footer; the file is then all written, not yet visible. */
        FinishedFile finish() throws IOException {
            WrittenFile written;
            try {
                written = writer.finish();
                pending.finishWriting();
            } catch (UncheckedIOException e) {
                throw writeFailure(e.getCause());
            } catch (IOException e) {
                throw writeFailure(e);
            }
            DataFile file = DataFile.newBuilder()
                    .setPath(name)
                    .addAllFields(Arrays.stream(written.fields()).boxed().toList())
                    .addAllColumnIndices(
                            Arrays.stream(written.columnIndices()).boxed().toList())
                    .setFileMajorVersion(written.majorVersion())
                    .setFileMinorVersion(written.minorVersion())
                    .setFileSizeBytes(written.fileSizeBytes())
                    .build();
            DataFragment fragment = DataFragment.newBuilder()
                    .addFiles(file)
                    .setPhysicalRows(written.rows())
                    .build();
            return new FinishedFile(name, pending, fragment, List.copyOf(sidecars));
        }
    }
}
