package dev.plainlance.sql;

import dev.plainlance.lance.Dataset;
import dev.plainlance.lance.SqlEngine;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.calcite.config.CalciteConnectionProperty;
import org.apache.calcite.jdbc.CalciteConnection;
import org.apache.calcite.jdbc.Driver;

/**
 * {@link SqlEngine} on Apache Calcite: the dataset is the one table of a Calcite schema ({@link LanceTable}), the
 * query runs through Calcite's JDBC driver (in process) and its result is returned as Arrow batches, read as they are
 * asked for ({@link ResultBatches}). Identifiers are read as DataFusion reads them for the official method: unquoted ones in
 * lower case, double quotes keep the case; Calcite's lenient conformance allows {@code %}
 * and the other forms DataFusion accepts that strict SQL does not.
 */
public final class CalciteSqlEngine implements SqlEngine {
    @Override
    public ArrowReader execute(Dataset dataset, String sql, String tableName, boolean withRowId, boolean withRowAddr)
            throws IOException {
        Properties info = new Properties();
        info.setProperty(CalciteConnectionProperty.QUOTING.camelName(), "DOUBLE_QUOTE");
        info.setProperty(CalciteConnectionProperty.UNQUOTED_CASING.camelName(), "TO_LOWER");
        info.setProperty(CalciteConnectionProperty.QUOTED_CASING.camelName(), "UNCHANGED");
        info.setProperty(CalciteConnectionProperty.CASE_SENSITIVE.camelName(), "true");
        info.setProperty(CalciteConnectionProperty.CONFORMANCE.camelName(), "LENIENT");
        Connection connection = null;
        Statement statement = null;
        try {
            connection = new Driver().connect("jdbc:calcite:", info);
            CalciteConnection calcite = connection.unwrap(CalciteConnection.class);
            calcite.getRootSchema().add(tableName, new LanceTable(dataset, withRowId, withRowAddr));
            statement = connection.createStatement();
            return new ResultBatches(statement.executeQuery(sql), dataset.allocator(), connection, statement);
        } catch (SQLException e) {
            closeQuietly(statement);
            closeQuietly(connection);
            throw new IllegalArgumentException("SQL query failed: " + firstLine(e), e);
        }
    }

    private static void closeQuietly(AutoCloseable resource) {
        if (resource != null) {
            try {
                resource.close();
            } catch (Exception ignored) {
                // the query's own failure is the one reported
            }
        }
    }

    static String firstLine(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause.getMessage() == null ? cause.toString() : cause.getMessage();
        return message.lines().findFirst().orElse(message);
    }
}
