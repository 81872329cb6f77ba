package dev.plainlance.lance;

import dev.plainlance.lance.error.LanceException;
import dev.plainlance.lance.io.FamilyStorage;
import dev.plainlance.lance.io.LocalStorage;
import dev.plainlance.lance.io.RootResolver;
import dev.plainlance.lance.io.Storage;
import dev.plainlance.lance.io.Storages;
import dev.plainlance.lance.table.BranchNames;
import java.util.Optional;

/**
 * The roots of a dataset family: the main dataset at {@code mainUri} and each branch at {@code mainUri/tree/{name}}.
 * On the local file system every root is a directory named by its path; in any other storage branches are views
 * of the main storage ({@link FamilyStorage}), so base paths naming the family's URIs resolve inside it.
 */
final class DatasetRoots {
    private final Storage main;
    private final String mainUri;

    private DatasetRoots(Storage main, String mainUri) {
        this.main = main;
        this.mainUri = trimSlash(mainUri);
    }

    /**
     * The family of the root {@code storage} at {@code uri}, which holds branch {@code branch} (empty for main).
     *
     * @throws LanceException if {@code uri} is not {@code {main}/tree/{branch}} or the main root's storage cannot be
     *     found from {@code storage}
     */
    static DatasetRoots of(Storage storage, String uri, Optional<String> branch) {
        if (branch.isEmpty()) {
            return new DatasetRoots(storage, uri);
        }
        String suffix = "/" + BranchNames.TREE_DIR + "/" + branch.get();
        String own = trimSlash(uri);
        if (!own.endsWith(suffix)) {
            throw new LanceException(uri + " holds branch '" + branch.get() + "' but is not its root ({main}" + suffix
                    + "); open the main dataset and check the branch out");
        }
        String mainUri = own.substring(0, own.length() - suffix.length());
        if (storage instanceof FamilyStorage family) {
            return new DatasetRoots(FamilyStorage.main(family.mainStorage(), mainUri), mainUri);
        }
        if (storage instanceof LocalStorage) {
            return new DatasetRoots(Storages.forUri(mainUri), mainUri);
        }
        if (storage instanceof RootResolver resolver) {
            return new DatasetRoots(resolver.root(mainUri), mainUri);
        }
        throw new LanceException("cannot find the main dataset of branch '" + branch.get() + "' at " + uri
                + "; open the main dataset and check the branch out");
    }

    Storage main() {
        return main;
    }

    String mainUri() {
        return mainUri;
    }

    /** The URI of the root of {@code branch} (empty for main). */
    String uri(Optional<String> branch) {
        return branch.map(b -> mainUri + "/" + BranchNames.rootKey(b)).orElse(mainUri);
    }

    /** The storage of the root of {@code branch} (empty for main). */
    Storage root(Optional<String> branch) {
        if (branch.isEmpty()) {
            return main;
        }
        if (main instanceof LocalStorage) {
            return Storages.forUri(uri(branch));
        }
        FamilyStorage family = main instanceof FamilyStorage f ? f : FamilyStorage.main(main, mainUri);
        return family.member(BranchNames.rootKey(branch.get()));
    }

    /**
     * How a manifest names the root of {@code branch} as a base path: the absolute path on the local file system,
     * else the family's URI.
     */
    String basePath(Optional<String> branch) {
        return basePath(main, uri(branch));
    }

    /** How a manifest names the dataset at {@code uri} in {@code storage} as a base path. */
    static String basePath(Storage storage, String uri) {
        if (storage instanceof LocalStorage) {
            return Storages.localPath(uri).toAbsolutePath().normalize().toString();
        }
        return trimSlash(uri);
    }

    /** Whether the base path {@code path} names the root whose base path is {@code root}. */
    boolean sameRoot(String path, String root) {
        return basePath(main, path).equals(root);
    }

    private static String trimSlash(String uri) {
        return uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
    }
}
