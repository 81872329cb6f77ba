package dev.plainlance.lance.io;

import java.net.URI;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeSet;

/**
 * Resolves a dataset location to a {@link Storage}: a plain path or a {@code file://} URI to {@link LocalStorage},
 * any other scheme to the {@link StorageProvider} on the class path that opens it.
 */
public final class Storages {
    private Storages() {}

    /** Storage rooted at {@code uri}, with no storage options. */
    public static Storage forUri(String uri) {
        return forUri(uri, Map.of());
    }

    /**
     * Storage rooted at {@code uri}: a local path, a {@code file:} URI, or a URI whose scheme a
     * {@link StorageProvider} opens with {@code options}. Other schemes are refused.
     */
    public static Storage forUri(String uri, Map<String, String> options) {
        String scheme = scheme(uri);
        if (scheme == null || scheme.equals("file")) {
            return new LocalStorage(localPath(uri), durability(options));
        }
        TreeSet<String> supported = new TreeSet<>();
        for (StorageProvider provider : ServiceLoader.load(StorageProvider.class)) {
            if (provider.schemes().contains(scheme)) {
                return provider.open(uri, options);
            }
            supported.addAll(provider.schemes());
        }
        throw new IllegalArgumentException("unsupported storage scheme '" + scheme + "' in " + uri
                + " (supported: local paths, file://" + (supported.isEmpty() ? "" : ", " + supported + "://") + ")");
    }

    /** Storage option choosing a local storage's {@link Durability}: {@code power_loss} (default) or {@code process_crash}. */
    public static final String DURABILITY_OPTION = "plainlance_durability";

    private static Durability durability(Map<String, String> options) {
        for (Map.Entry<String, String> option : options.entrySet()) {
            if (option.getKey().equalsIgnoreCase(DURABILITY_OPTION)) {
                String value = option.getValue() == null
                        ? ""
                        : option.getValue().trim().toUpperCase(Locale.ROOT);
                if (value.equals("POWER_LOSS") || value.equals("PROCESS_CRASH")) {
                    return Durability.valueOf(value);
                }
                throw new IllegalArgumentException("storage option " + DURABILITY_OPTION + " must be power_loss or"
                        + " process_crash, not '" + option.getValue() + "'");
            }
        }
        return Durability.POWER_LOSS;
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

    /** The lower-case scheme of {@code uri} ({@code file} for {@code file:} URIs), or null for a plain path. */
    private static String scheme(String uri) {
        if (uri == null || uri.isBlank()) {
            throw new IllegalArgumentException("a dataset location is required");
        }
        if (uri.startsWith("file:")) {
            return "file";
        }
        int colon = uri.indexOf("://");
        return colon > 0 ? uri.substring(0, colon).toLowerCase(Locale.ROOT) : null;
    }
}
