package dev.plainlance.lance.maintenance;

import dev.plainlance.lance.error.LanceException;

/**
 * Direct maintenance (compaction, cleanup) of a table that a plainlance catalog owns: refused, because it would move
 * the table's HEAD past its pin (wedging the catalog's writers) or delete versions the catalog pins. The catalog
 * marks its tables with {@link #MARKER} in their config when it creates them.
 */
public final class CatalogTableException extends LanceException {
    /** Table config key a catalog writes when it creates a table; its value is the table's key in the catalog. */
    public static final String MARKER = "plainlance.catalog.table_key";

    public CatalogTableException(String table, String key, String action) {
        super("cannot " + action + " " + table + ": it is table '" + key + "' of a plainlance catalog;"
                + " use 'plainlance catalog cleanup ROOT' or 'plainlance catalog compact ROOT' instead");
    }
}
