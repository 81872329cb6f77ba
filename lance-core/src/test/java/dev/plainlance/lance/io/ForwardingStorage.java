package dev.plainlance.lance.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;

/** Delegates every call; tests override the ones they break. */
public class ForwardingStorage implements Storage {
    private final Storage inner;

    public ForwardingStorage(Storage inner) {
        this.inner = inner;
    }

    @Override
    public byte[] read(String key) throws IOException {
        return inner.read(key);
    }

    @Override
    public ByteBuffer readRange(String key, long offset, int length) throws IOException {
        return inner.readRange(key, offset, length);
    }

    @Override
    public Optional<byte[]> readIfExists(String key) throws IOException {
        return inner.readIfExists(key);
    }

    @Override
    public long size(String key) throws IOException {
        return inner.size(key);
    }

    @Override
    public List<ObjectInfo> list(String prefix) throws IOException {
        return inner.list(prefix);
    }

    @Override
    public void putIfAbsent(String key, byte[] data) throws IOException {
        inner.putIfAbsent(key, data);
    }

    @Override
    public PendingObject create(String key) throws IOException {
        return inner.create(key);
    }

    @Override
    public void replace(String key, byte[] data) throws IOException {
        inner.replace(key, data);
    }

    @Override
    public boolean delete(String key) throws IOException {
        return inner.delete(key);
    }

    @Override
    public void deleteEmptyDirectory(String prefix) throws IOException {
        inner.deleteEmptyDirectory(prefix);
    }

    @Override
    public Durability durability() {
        return inner.durability();
    }

    @Override
    public String describe(String key) {
        return inner.describe(key);
    }
}
