package dev.plainlance.lance.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A flat namespace of immutable-once-visible objects, addressed by '/'-separated keys relative to a root.
 *
 * <p>Contract every implementation must honour:
 * <ul>
 *   <li><b>No partial objects.</b> A reader sees either no object or the complete bytes of one successful
 *       {@link #putIfAbsent} or {@link #replace}; never a prefix.</li>
 *   <li><b>{@link #putIfAbsent} is atomic and exclusive.</b> Of several concurrent calls for one key (from any
 *       thread or process sharing the root) exactly one succeeds; the others throw
 *       {@link ObjectAlreadyExistsException}. On success the object is durable before the call returns.</li>
 *   <li><b>{@link #replace} is atomic.</b> Readers see the old or the new bytes, never a mix; durable on return.</li>
 *   <li><b>{@link #delete} is idempotent.</b> Deleting an absent key is not an error.</li>
 *   <li><b>Not found is typed.</b> Reads of an absent key throw {@link ObjectNotFoundException};
 *       {@link #readIfExists} turns that into {@link Optional#empty()} in one call (never exists-then-read).</li>
 * </ul>
 * "Durable" means durable at the storage's {@link #durability()}: a write that has returned survives the crash of
 * the writing process on every storage, and an OS crash or power loss on storages at {@link Durability#POWER_LOSS}.
 * Keys never start with '/' and never contain "." or ".." segments.
 */
public interface Storage {

    /** What a completed write survives; see {@link Durability}. */
    default Durability durability() {
        return Durability.POWER_LOSS;
    }

    /** Reads a whole object. */
    byte[] read(String key) throws IOException;

    /** Reads {@code length} bytes at {@code offset}; fails with {@link java.io.EOFException} past the end. */
    ByteBuffer readRange(String key, long offset, int length) throws IOException;

    /**
     * Opens {@code key} for many positioned reads (the pages of a data file), reading its size once. Every storage
     * can: by default each read is a {@link #readRange}; a storage with a cheaper handle (an open file channel)
     * overrides this, and wrappers pass it through, so every storage takes the same read path. The handle must be
     * closed, and may be read from several threads at once.
     *
     * @throws ObjectNotFoundException if the object does not exist
     */
    default RandomAccessSource openRandomAccess(String key) throws IOException {
        long size = size(key);
        return new RandomAccessSource() {
            @Override
            public long size() {
                return size;
            }

            @Override
            public ByteBuffer read(long offset, int length) throws IOException {
                return readRange(key, offset, length);
            }

            @Override
            public String name() {
                return describe(key);
            }
        };
    }

    /**
     * Reads whole objects, in the order of {@code keys}. By default one after the other; a storage with slow
     * requests (object storage) reads them at once. Fails as {@link #read} fails for the first key that fails.
     */
    default List<byte[]> readAll(List<String> keys) throws IOException {
        List<byte[]> out = new java.util.ArrayList<>(keys.size());
        for (String key : keys) {
            out.add(read(key));
        }
        return out;
    }

    /**
     * Starts {@code calls} (on this storage) now, beside the caller's next requests, when this storage gains from
     * requests in flight together (an object store, where each waits a network round trip); the returned call gives
     * their result, once. By default nothing starts early: {@code calls} run on the caller's thread when the result
     * is asked for, so a local disk and a fault-injecting wrapper see the same requests in the same order as
     * without it.
     */
    default <T> StorageCall<T> ahead(StorageCall<T> calls) {
        return calls;
    }

    /** Reads a whole object, or returns empty when it does not exist. */
    Optional<byte[]> readIfExists(String key) throws IOException;

    /** Size of an object in bytes. */
    long size(String key) throws IOException;

    /** All objects whose key starts with {@code prefix}, recursively, in no particular order. */
    List<ObjectInfo> list(String prefix) throws IOException;

    /** Creates {@code key} with {@code data} only if it does not exist yet. */
    void putIfAbsent(String key, byte[] data) throws IOException;

    /**
     * Runs {@code first}, then creates {@code key} as {@link #putIfAbsent} would: {@code key} is created only
     * after {@code first} has returned, and not at all when it throws (its exception is thrown as it is). A storage
     * may write {@code key}'s bytes while {@code first} runs on the caller's thread and publish them once it has
     * returned (a local disk forces both files at once). By default {@code first} runs to its end before {@code key}
     * is written, so a fault-injecting wrapper sees the same calls in the same order as two separate ones.
     *
     * @throws ObjectAlreadyExistsException if {@code key} exists already ({@code first} has run)
     */
    default void putIfAbsentAfter(StorageCall<?> first, String key, byte[] data) throws IOException {
        first.call();
        putIfAbsent(key, data);
    }

    /**
     * Creates each of {@code objects} (key to bytes) as {@link #putIfAbsent} would; returns when all of them are
     * durable. By default one after the other, in the map's order; a storage may write them at once (a local disk
     * forces the files together and each directory once, an object store sends the requests in parallel). On
     * failure some of them may exist, as after a failure part way through separate calls.
     *
     * @throws ObjectAlreadyExistsException if one of the keys exists already
     */
    default void putAllIfAbsent(Map<String, byte[]> objects) throws IOException {
        for (Map.Entry<String, byte[]> object : objects.entrySet()) {
            putIfAbsent(object.getKey(), object.getValue());
        }
    }

    /** Starts writing a new object {@code key} in pieces; see {@link PendingObject}. */
    PendingObject create(String key) throws IOException;

    /** Creates or atomically replaces {@code key}. */
    void replace(String key, byte[] data) throws IOException;

    /**
     * {@link #replace} for advisory objects (hints readers never trust): an implementation may skip making it durable
     * and may write it in place, so a reader may see the old bytes, the new ones or a mix of both, and a crash may
     * leave any of them or none. By default it is {@link #replace}.
     */
    default void replaceAdvisory(String key, byte[] data) throws IOException {
        replace(key, data);
    }

    /** Deletes {@code key}; returns whether it existed. */
    boolean delete(String key) throws IOException;

    /**
     * Removes the directory {@code prefix} (a key prefix without its trailing slash) if this storage keeps real
     * directories and that one is empty; a directory that still holds anything stays. Object stores have no
     * directories, so by default this does nothing.
     */
    default void deleteEmptyDirectory(String prefix) throws IOException {}

    /** A human-readable location for {@code key}, used in error messages. */
    String describe(String key);

    /**
     * A name for object {@code key} that no object of another storage shares, for caches of what immutable objects
     * hold (a session's). By default its description, which names a path or a bucket's key; a storage whose
     * descriptions may repeat (in memory) adds what tells it apart.
     */
    default String cacheKey(String key) {
        return describe(key);
    }
}
