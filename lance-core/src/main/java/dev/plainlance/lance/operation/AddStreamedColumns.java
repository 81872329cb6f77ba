package dev.plainlance.lance.operation;

import dev.plainlance.lance.env.Env;
import dev.plainlance.lance.table.TableSnapshot;
import dev.plainlance.lance.write.ColumnAdder;
import java.io.IOException;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Adds the columns of a stream of new values, one stream row per live row in scan order, as the official Merge
 * transaction of {@code addColumns(stream)}. The stream is read at staging, so this operation stages once: a
 * second staging (a retry after a conflict) is refused rather than reading a spent stream.
 */
public final class AddStreamedColumns implements TableOperation {
    private final org.apache.arrow.vector.ipc.ArrowReader stream;
    private boolean staged;

    public AddStreamedColumns(org.apache.arrow.vector.ipc.ArrowReader stream) {
        this.stream = Objects.requireNonNull(stream, "stream");
    }

    @Override
    public synchronized StagedTransaction stage(TableSnapshot base, Env env) throws IOException {
        if (staged) {
            throw new IllegalStateException(
                    "the stream of new column values was read already; add the columns again " + "from a new stream");
        }
        staged = true;
        return StagedTransaction.of(base, new ColumnAdder(env).stageStream(base, stream), OperationResult.NONE);
    }

    @Override
    public String describe() {
        try {
            return "add columns "
                    + stream.getVectorSchemaRoot().getSchema().getFields().stream()
                            .map(f -> f.getName())
                            .collect(Collectors.joining(", "));
        } catch (IOException e) {
            return "add streamed columns";
        }
    }
}
