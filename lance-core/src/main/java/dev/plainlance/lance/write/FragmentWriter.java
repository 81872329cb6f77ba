package dev.plainlance.lance.write;

import dev.plainlance.lance.LanceIOException;
import dev.plainlance.lance.file.FileWorkers;
import dev.plainlance.lance.file.LanceFileVersion;
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
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinTask;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;

/**
 * Writes the rows of an Arrow reader into new data files under {@code data/}, at most {@code maxRowsPerFile} rows
 * each, and describes them as fragments with unassigned ids (0) for an Append or Overwrite transaction. Each file
 * becomes visible only when complete; on failure no new file is visible.
 */
public final class FragmentWriter {
    private final Storage storage;
    private final LanceSchema schema;
    private final LanceFileVersion version;
    private final int maxRowsPerFile;
    private final DataFileNames names;
    private final WriterOptions options;

    public FragmentWriter(Storage storage, LanceSchema schema, LanceFileVersion version, int maxRowsPerFile,
            DataFileNames names) {
        this(storage, schema, version, maxRowsPerFile, names, WriterOptions.defaults());
    }

    public FragmentWriter(Storage storage, LanceSchema schema, LanceFileVersion version, int maxRowsPerFile,
            DataFileNames names, WriterOptions options) {
        this.storage = storage;
        this.schema = schema;
        this.version = version;
        this.maxRowsPerFile = maxRowsPerFile;
        this.names = names;
        this.options = options;
    }

    /**
     * Writes every batch of {@code reader}; returns one fragment per data file, in row order.
     *
     * <p>With background encoding, a full data file is finished (its last pages, footer and commit) on a worker while
     * the rows of the next one are buffered. The next file touches the storage only once that finish is complete,
     * so the storage sees the same operations in the same order as when files are finished one after the other, and
     * a failure is reported as it would be then. Every file is finished or discarded when this returns or throws.
     */
    public List<DataFragment> write(ArrowReader reader) throws IOException {
        List<DataFragment> fragments = new ArrayList<>();
        OpenFile open = null;
        ForkJoinTask<DataFragment> finishing = null;
        try {
            while (reader.loadNextBatch()) {
                VectorSchemaRoot batch = reader.getVectorSchemaRoot();
                int offset = 0;
                while (offset < batch.getRowCount()) {
                    if (open == null) {
                        open = new OpenFile(names.next(), finishing);
                    }
                    int take = (int) Math.min(batch.getRowCount() - offset, maxRowsPerFile - open.rows);
                    append(open, batch, offset, take, finishing);
                    open.rows += take;
                    offset += take;
                    if (open.rows == maxRowsPerFile) {
                        if (finishing != null) {
                            ForkJoinTask<DataFragment> previous = finishing;
                            finishing = null;
                            fragments.add(await(previous));
                        }
                        OpenFile full = open;
                        open = null;
                        if (options.backgroundEncoding()) {
                            finishing = FileWorkers.pool().submit(full::finishOrDiscard);
                        } else {
                            fragments.add(full.finishOrDiscard());
                        }
                    }
                }
            }
            if (finishing != null) {
                ForkJoinTask<DataFragment> previous = finishing;
                finishing = null;
                fragments.add(await(previous));
            }
            if (open != null) {
                OpenFile last = open;
                open = null;
                fragments.add(last.finishOrDiscard());
            }
            return fragments;
        } finally {
            if (finishing != null) {
                finishing.quietlyJoin();
            }
            if (open != null) {
                open.discard();
            }
        }
    }

    /**
     * Appends rows {@code [offset, offset + take)} of {@code batch} to {@code open}. A failure of the file being
     * finished before it comes first, as it would have come first had that file been finished before this one was
     * started; the failure of this file's deferred creation is rethrown as raised.
     */
    private static void append(OpenFile open, VectorSchemaRoot batch, int offset, int take,
            ForkJoinTask<DataFragment> finishing) throws IOException {
        try {
            if (offset == 0 && take == batch.getRowCount()) {
                open.writer.write(batch);
            } else {
                try (VectorSchemaRoot slice = batch.slice(offset, take)) {
                    open.writer.write(slice);
                }
            }
        } catch (UncheckedIOException e) {
            if (finishing != null && finishing.isCompletedAbnormally()) {
                await(finishing);
            }
            if (e.getCause() == open.createFailure) {
                throw open.createFailure;
            }
            throw e;
        }
    }

    /** The fragment of a file finished in the background; its failure is rethrown as raised. */
    private static DataFragment await(ForkJoinTask<DataFragment> finishing) throws IOException {
        try {
            return finishing.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            finishing.quietlyJoin();
            throw new InterruptedIOException("interrupted while finishing a data file");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        }
    }

    /**
     * A data file being written. Its storage object is created when the file is started, or, while the previous
     * file is still being finished, at the file's first write once that finish is complete.
     */
    private final class OpenFile {
        final String name;
        final LanceFileWriter writer;
        private final ForkJoinTask<DataFragment> previous;
        private PendingObject pending;
        IOException createFailure;
        long rows;

        OpenFile(String name, ForkJoinTask<DataFragment> previous) throws IOException {
            this.name = name;
            this.previous = previous;
            if (previous == null) {
                this.pending = storage.create("data/" + name);
            }
            this.writer = LanceFileWriter.create(new OutputSink() {
                @Override
                public void write(ByteBuffer bytes) throws IOException {
                    pending().write(bytes);
                }

                @Override
                public long position() {
                    return pending == null ? 0 : pending.position();
                }
            }, schema, version, options);
        }

        private PendingObject pending() throws IOException {
            if (pending == null) {
                previous.quietlyJoin();
                if (previous.isCompletedAbnormally()) {
                    throw new IOException("data file " + name + " not started: the file before it failed");
                }
                try {
                    pending = storage.create("data/" + name);
                } catch (IOException e) {
                    createFailure = e;
                    throw e;
                }
            }
            return pending;
        }

        /** Finishes and publishes the file; on failure it is discarded. */
        DataFragment finishOrDiscard() throws IOException {
            try {
                return finish();
            } catch (IOException | RuntimeException | Error e) {
                try {
                    discard();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
        }

        /** Drops the file's pending pages and bytes. */
        void discard() throws IOException {
            writer.abort();
            if (pending != null) {
                pending.close();
            }
        }

        private DataFragment finish() throws IOException {
            WrittenFile written;
            try {
                written = writer.finish();
            } catch (UncheckedIOException e) {
                if (e.getCause() == createFailure) {
                    throw createFailure;
                }
                throw e;
            }
            PendingObject object = pending();
            try {
                object.commit();
            } catch (IOException e) {
                throw new LanceIOException("cannot publish data file " + storage.describe("data/" + name), e);
            } finally {
                object.close();
            }
            DataFile file = DataFile.newBuilder()
                    .setPath(name)
                    .addAllFields(Arrays.stream(written.fields()).boxed().toList())
                    .addAllColumnIndices(Arrays.stream(written.columnIndices()).boxed().toList())
                    .setFileMajorVersion(written.majorVersion())
                    .setFileMinorVersion(written.minorVersion())
                    .setFileSizeBytes(written.fileSizeBytes())
                    .build();
            return DataFragment.newBuilder().addFiles(file).setPhysicalRows(written.rows()).build();
        }
    }
}
