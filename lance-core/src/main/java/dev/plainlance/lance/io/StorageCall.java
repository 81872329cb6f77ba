package dev.plainlance.lance.io;

import java.io.IOException;

/** Calls on a {@link Storage} that give one result; see {@link Storage#ahead}. */
@FunctionalInterface
public interface StorageCall<T> {
    T call() throws IOException;
}
