package dev.plainlance.lance.io;

/**
 * Finds the storage of another dataset root named by an absolute URI, such as a manifest base path (the main
 * dataset a branch or shallow clone reads its inherited files from). A {@link Storage} that implements it resolves
 * the roots of its own family; any other storage resolves local paths and {@code file://} URIs.
 */
public interface RootResolver {

    /** The storage rooted at {@code uri}. */
    Storage root(String uri);

    /** {@code storage}'s resolver if it has one, else local paths and {@code file://} URIs. */
    static RootResolver of(Storage storage) {
        if (storage instanceof RootResolver resolver) {
            return resolver;
        }
        return Storages::forUri;
    }
}
