package dev.plainlance.lance.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One root of a dataset family (the main dataset and its branches under {@code tree/}) kept in one storage that
 * has no URIs of its own, such as {@link InMemoryStorage}: it reads and writes like the storage it wraps, and
 * resolves the URIs of the family's roots ({@code mainUri} and {@code mainUri/...}) to views of the main storage.
 * Other URIs resolve as the main storage resolves them ({@link RootResolver#of}).
 */
public final class FamilyStorage implements Storage, RootResolver {
    private final Storage self;
    private final Storage main;
    private final String mainUri;

    private FamilyStorage(Storage self, Storage main, String mainUri) {
        this.self = self;
        this.main = main;
        this.mainUri = trimSlash(mainUri);
    }

    /** The main root of a family, named {@code mainUri}. */
    public static FamilyStorage main(Storage main, String mainUri) {
        return new FamilyStorage(main, main, mainUri);
    }

    /** The root {@code relative} (a storage key such as {@code tree/dev}) below this family's main root. */
    public FamilyStorage member(String relative) {
        return new FamilyStorage(new PrefixedStorage(main, relative), main, mainUri);
    }

    /** The family's main storage. */
    public Storage mainStorage() {
        return main;
    }

    @Override
    public Storage root(String uri) {
        String u = trimSlash(uri);
        if (u.equals(mainUri)) {
            return self == main ? this : main(main, mainUri);
        }
        if (u.startsWith(mainUri + "/")) {
            return member(u.substring(mainUri.length() + 1));
        }
        return RootResolver.of(main).root(uri);
    }

    private static String trimSlash(String uri) {
        return uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
    }

    @Override
    public byte[] read(String key) throws IOException {
        return self.read(key);
    }

    @Override
    public ByteBuffer readRange(String key, long offset, int length) throws IOException {
        return self.readRange(key, offset, length);
    }

    @Override
    public RandomAccessSource openRandomAccess(String key) throws IOException {
        return self.openRandomAccess(key);
    }

    @Override
    public <T> StorageCall<T> ahead(StorageCall<T> calls) {
        return self.ahead(calls);
    }

    @Override
    public Optional<byte[]> readIfExists(String key) throws IOException {
        return self.readIfExists(key);
    }

    @Override
    public List<byte[]> readAll(List<String> keys) throws IOException {
        return self.readAll(keys);
    }

    @Override
    public long size(String key) throws IOException {
        return self.size(key);
    }

    @Override
    public List<ObjectInfo> list(String prefix) throws IOException {
        return self.list(prefix);
    }

    @Override
    public void putIfAbsent(String key, byte[] data) throws IOException {
        self.putIfAbsent(key, data);
    }

    @Override
    public void putAllIfAbsent(Map<String, byte[]> objects) throws IOException {
        self.putAllIfAbsent(objects);
    }

    @Override
    public void putIfAbsentAfter(StorageCall<?> first, String key, byte[] data) throws IOException {
        self.putIfAbsentAfter(first, key, data);
    }

    @Override
    public PendingObject create(String key) throws IOException {
        return self.create(key);
    }

    @Override
    public void replace(String key, byte[] data) throws IOException {
        self.replace(key, data);
    }

    @Override
    public void replaceAdvisory(String key, byte[] data) throws IOException {
        self.replaceAdvisory(key, data);
    }

    @Override
    public boolean delete(String key) throws IOException {
        return self.delete(key);
    }

    @Override
    public void deleteEmptyDirectory(String prefix) throws IOException {
        self.deleteEmptyDirectory(prefix);
    }

    @Override
    public Durability durability() {
        return self.durability();
    }

    @Override
    public String describe(String key) {
        return self.describe(key);
    }

    @Override
    public String cacheKey(String key) {
        return self.cacheKey(key);
    }
}
