package dev.plainlance.lance.io;

import java.net.URI;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Resolves a dataset location (a plain path or a {@code file://} URI) to a {@link Storage}. */
public final class Storages {
    private Storages() {}

    /** Storage rooted at {@code uri}: a local path, or a {@code file:} URI. Other schemes are refused. */
    public static LocalStorage forUri(String uri) {
        return new LocalStorage(localPath(uri));
    }

    /** The local path named by {@code uri}. */
    public static Path localPath(String uri) {
        if (uri == null || uri.isBlank()) {
            throw new IllegalArgumentException("a dataset location is required");
        }
        if (uri.startsWith("file:")) {
            return Paths.get(URI.create(uri));
        }
        int colon = uri.indexOf("://");
        if (colon > 0) {
            throw new IllegalArgumentException("unsupported storage scheme '" + uri.substring(0, colon) + "' in " + uri
                    + " (supported: local paths and file://)");
        }
        return Paths.get(uri);
    }
}
