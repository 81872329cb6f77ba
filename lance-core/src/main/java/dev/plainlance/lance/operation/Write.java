package dev.plainlance.lance.operation;

import dev.plainlance.lance.commit.DatasetFailpoints;
import dev.plainlance.lance.env.Env;
import dev.plainlance.lance.file.blob.BlobSidecars;
import dev.plainlance.lance.io.ObjectInfo;
import dev.plainlance.lance.io.PendingObject;
import dev.plainlance.lance.io.Storage;
import dev.plainlance.lance.pb.table.DataFragment;
import dev.plainlance.lance.table.TableSnapshot;
import dev.plainlance.lance.write.DatasetWriter;
import dev.plainlance.lance.write.WriteSpec;
import java.io.IOException;
import java.util.Objects;
import org.apache.arrow.vector.ipc.ArrowReader;

/**
 * Create, append or overwrite with the rows of a reader. The reader is read once, at the first staging, into new
 * data files; staging again on a newer base reuses those files, copying them first when the new base lives
 * elsewhere (a table created afresh by a retried multi-table commit).
 */
public final class Write implements TableOperation {
    private static final int COPY_CHUNK = 8 << 20;

    private final ArrowReader data;
    private final WriteSpec spec;
    private DatasetWriter.WrittenData written;
    private Storage writtenTo;
    private boolean readerTouched;

    public Write(ArrowReader data, WriteSpec spec) {
        this.data = Objects.requireNonNull(data, "data");
        this.spec = Objects.requireNonNull(spec, "spec");
    }

    /** Appends {@code data} (creating the table if it does not exist), with default settings. */
    public static Write append(ArrowReader data) {
        return new Write(data, WriteSpec.of(WriteSpec.Mode.APPEND));
    }

    /** Replaces content and schema with {@code data}, with default settings. */
    public static Write overwrite(ArrowReader data) {
        return new Write(data, WriteSpec.of(WriteSpec.Mode.OVERWRITE));
    }

    /** Creates the table with {@code data}; staging fails if it exists. */
    public static Write create(ArrowReader data) {
        return new Write(data, WriteSpec.of(WriteSpec.Mode.CREATE));
    }

    @Override
    public synchronized StagedTransaction stage(TableSnapshot base, Env env) throws IOException {
        if (written == null) {
            if (readerTouched) {
                throw new IllegalStateException("the rows of this " + describe() + " were partly read by a staging"
                        + " that failed; stage a new operation with a new reader");
            }
            readerTouched = true;
            written = new DatasetWriter(base.storage(), env).write(base, data, spec);
            writtenTo = base.storage();
        } else if (!writtenTo.describe("").equals(base.storage().describe(""))) {
            copyDataFiles(writtenTo, base.storage());
            writtenTo = base.storage();
        }
        DatasetWriter.StagedWrite staged =
                DatasetWriter.transaction(base, written, spec, env.newUuid().toString());
        env.hit(DatasetFailpoints.STAGED);
        long rows =
                written.fragments().stream().mapToLong(f -> f.getPhysicalRows()).sum();
        return StagedTransaction.ofWrite(base, staged, OperationResult.rows(rows));
    }

    /** Copies the written data files, and the blob sidecar files beside them, from {@code from} to {@code to}. */
    private void copyDataFiles(Storage from, Storage to) throws IOException {
        for (DataFragment fragment : written.fragments()) {
            for (dev.plainlance.lance.pb.table.DataFile file : fragment.getFilesList()) {
                String key = "data/" + file.getPath();
                for (ObjectInfo sidecar : from.list(BlobSidecars.directory(key))) {
                    copy(from, to, sidecar.key(), sidecar.size());
                }
                copy(from, to, key, from.size(key));
            }
        }
    }

    private static void copy(Storage from, Storage to, String key, long size) throws IOException {
        try (PendingObject copy = to.create(key)) {
            for (long offset = 0; offset < size; offset += COPY_CHUNK) {
                copy.write(from.readRange(key, offset, (int) Math.min(COPY_CHUNK, size - offset)));
            }
            copy.commit();
        }
    }

    @Override
    public String describe() {
        return spec.mode().name().toLowerCase(java.util.Locale.ROOT);
    }
}
