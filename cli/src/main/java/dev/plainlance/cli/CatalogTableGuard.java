package dev.plainlance.cli;

import dev.plainlance.lance.maintenance.CatalogTableException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Refuses {@code dataset compact|cleanup} on a table a catalog owns, by layout: a folder {@code tables/KEY-ULID}
 * beside a {@code __manifest/} (tables created before the catalog wrote its config marker; newer ones are refused by
 * {@link dev.plainlance.lance.Dataset} itself).
 */
final class CatalogTableGuard {
    private CatalogTableGuard() {}

    static void refuse(String uri, String action) {
        Path table;
        try {
            table = uri.startsWith("file:") ? Path.of(URI.create(uri)) : Path.of(uri);
        } catch (RuntimeException notLocal) {
            return;
        }
        Path folder = table.toAbsolutePath().normalize();
        Path tables = folder.getParent();
        if (tables == null
                || tables.getParent() == null
                || !tables.getFileName().toString().equals("tables")
                || !Files.isDirectory(tables.getParent().resolve("__manifest"))) {
            return;
        }
        String name = folder.getFileName().toString();
        int dash = name.lastIndexOf('-');
        throw new CatalogTableException(uri, dash > 0 ? name.substring(0, dash) : name, action);
    }
}
