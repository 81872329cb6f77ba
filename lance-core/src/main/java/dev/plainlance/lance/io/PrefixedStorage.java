package dev.plainlance.lance.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The objects of another {@link Storage} under {@code prefix/}, seen as a storage of their own (a table inside a
 * catalog root). Every guarantee of the underlying storage carries over unchanged.
 */
public final class PrefixedStorage implements Storage {
    private final Storage base;
    private final String prefix;

    /** A view of {@code base} below {@code prefix}, a valid key such as {@code "tables/people"}. */
    public PrefixedStorage(Storage base, String prefix) {
        this.base = base;
        this.prefix = Keys.check(prefix) + "/";
    }

    private String full(String key) {
        return prefix + key;
    }

    @Override
    public byte[] read(String key) throws IOException {
        return base.read(full(key));
    }

    @Override
    public ByteBuffer readRange(String key, long offset, int length) throws IOException {
        return base.readRange(full(key), offset, length);
    }

    @Override
    public RandomAccessSource openRandomAccess(String key) throws IOException {
        return base.openRandomAccess(full(key));
    }

    @Override
    public <T> StorageCall<T> ahead(StorageCall<T> calls) {
        return base.ahead(calls);
    }

    @Override
    public Optional<byte[]> readIfExists(String key) throws IOException {
        return base.readIfExists(full(key));
    }

    @Override
    public List<byte[]> readAll(List<String> keys) throws IOException {
        return base.readAll(keys.stream().map(this::full).toList());
    }

    @Override
    public long size(String key) throws IOException {
        return base.size(full(key));
    }

    @Override
    public List<ObjectInfo> list(String keyPrefix) throws IOException {
        List<ObjectInfo> out = new ArrayList<>();
        for (ObjectInfo object : base.list(full(keyPrefix))) {
            out.add(new ObjectInfo(object.key().substring(prefix.length()), object.size()));
        }
        return out;
    }

    @Override
    public void putIfAbsent(String key, byte[] data) throws IOException {
        base.putIfAbsent(full(key), data);
    }

    @Override
    public void putAllIfAbsent(Map<String, byte[]> objects) throws IOException {
        Map<String, byte[]> full = new LinkedHashMap<>();
        objects.forEach((key, data) -> full.put(full(key), data));
        base.putAllIfAbsent(full);
    }

    @Override
    public void putIfAbsentAfter(StorageCall<?> first, String key, byte[] data) throws IOException {
        base.putIfAbsentAfter(first, full(key), data);
    }

    @Override
    public PendingObject create(String key) throws IOException {
        return base.create(full(key));
    }

    @Override
    public void replace(String key, byte[] data) throws IOException {
        base.replace(full(key), data);
    }

    @Override
    public void replaceAdvisory(String key, byte[] data) throws IOException {
        base.replaceAdvisory(full(key), data);
    }

    @Override
    public boolean delete(String key) throws IOException {
        return base.delete(full(key));
    }

    @Override
    public void deleteEmptyDirectory(String prefix) throws IOException {
        base.deleteEmptyDirectory(full(prefix));
    }

    @Override
    public Durability durability() {
        return base.durability();
    }

    @Override
    public String describe(String key) {
        return base.describe(full(key));
    }

    @Override
    public String cacheKey(String key) {
        return base.cacheKey(full(key));
    }
}
