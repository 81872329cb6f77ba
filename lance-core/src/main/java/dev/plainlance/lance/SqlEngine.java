package dev.plainlance.lance;

import java.io.IOException;
import org.apache.arrow.vector.ipc.ArrowReader;

/**
 * Runs the SQL of {@link Dataset#sql(String)}. lance-core has no SQL engine of its own: a module on the class path
 * provides one through {@link java.util.ServiceLoader} (plainlance's {@code sql} module, on Apache Calcite), so that
 * lance-core does not carry the engine's dependencies.
 */
public interface SqlEngine {
    /**
     * The result of {@code sql} over {@code dataset}, which the query names {@code tableName}; with {@code withRowId}
     * / {@code withRowAddr} the table also has the columns {@code _rowid} / {@code _rowaddr}.
     */
    ArrowReader execute(Dataset dataset, String sql, String tableName, boolean withRowId, boolean withRowAddr)
            throws IOException;
}
