package dev.plainlance.lance;

import dev.plainlance.lance.error.UnsupportedFeatureException;
import java.io.IOException;
import java.util.Iterator;
import java.util.Objects;
import java.util.ServiceLoader;
import org.apache.arrow.vector.ipc.ArrowReader;

/**
 * A SQL query over one dataset, as {@code org.lance.SqlQuery}: the dataset is the table {@code dataset} unless
 * {@link #tableName} says otherwise. {@link #intoBatchRecords()} runs it on the {@link SqlEngine} found on the class
 * path (plainlance's {@code sql} module).
 */
public class SqlQuery {
    /** The table name the official library gives the dataset when none is set. */
    static final String DEFAULT_TABLE = "dataset";

    private final Dataset dataset;
    private final String sql;
    private String tableName = DEFAULT_TABLE;
    private boolean withRowId;
    private boolean withRowAddr;

    public SqlQuery(Dataset dataset, String sql) {
        this.dataset = Objects.requireNonNull(dataset, "dataset");
        this.sql = Objects.requireNonNull(sql, "sql");
    }

    /** The name the query uses for the dataset. */
    public SqlQuery tableName(String tableName) {
        this.tableName = Objects.requireNonNull(tableName, "tableName");
        return this;
    }

    /** Whether the table has the column {@code _rowid}. */
    public SqlQuery withRowId(boolean withRowId) {
        this.withRowId = withRowId;
        return this;
    }

    /** Whether the table has the column {@code _rowaddr}. */
    public SqlQuery withRowAddr(boolean withRowAddr) {
        this.withRowAddr = withRowAddr;
        return this;
    }

    /**
     * Runs the query.
     *
     * @throws UnsupportedFeatureException if no {@link SqlEngine} is on the class path
     */
    public ArrowReader intoBatchRecords() throws IOException {
        Iterator<SqlEngine> engines = ServiceLoader.load(SqlEngine.class).iterator();
        if (!engines.hasNext()) {
            throw new UnsupportedFeatureException(
                    "Dataset.sql needs a SQL engine on the class path: add plainlance's sql module (dev.plainlance:sql)");
        }
        return engines.next().execute(dataset, sql, tableName, withRowId, withRowAddr);
    }

    @Override
    public String toString() {
        return "SqlQuery{sql=" + sql + ", table=" + tableName + ", withRowId=" + withRowId + ", withRowAddr="
                + withRowAddr + "}";
    }
}
