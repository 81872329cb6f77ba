package dev.plainlance.lance.io;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A thread-safe {@link Storage} held in memory, for tests. Stored arrays are copied in and out. */
public final class InMemoryStorage implements Storage {
    private final Map<String, byte[]> objects = new ConcurrentHashMap<>();
    private static final java.util.concurrent.atomic.AtomicLong INSTANCES =
            new java.util.concurrent.atomic.AtomicLong();

    private final String name;
    /** Tells this storage's objects apart from another's of the same name in caches. */
    private final long instance = INSTANCES.incrementAndGet();

    public InMemoryStorage() {
        this("memory");
    }

    public InMemoryStorage(String name) {
        this.name = name;
    }

    @Override
    public byte[] read(String key) throws IOException {
        return get(key).clone();
    }

    @Override
    public ByteBuffer readRange(String key, long offset, int length) throws IOException {
        byte[] data = get(key);
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("negative range " + offset + "+" + length + " of " + describe(key));
        }
        if (offset + length > data.length) {
            throw new EOFException("range " + offset + "+" + length + " is past the end (" + data.length + " bytes) of "
                    + describe(key));
        }
        byte[] out = new byte[length];
        System.arraycopy(data, (int) offset, out, 0, length);
        return ByteBuffer.wrap(out);
    }

    @Override
    public Optional<byte[]> readIfExists(String key) {
        byte[] data = objects.get(Keys.check(key));
        return data == null ? Optional.empty() : Optional.of(data.clone());
    }

    @Override
    public long size(String key) throws IOException {
        return get(key).length;
    }

    @Override
    public List<ObjectInfo> list(String prefix) {
        List<ObjectInfo> out = new ArrayList<>();
        objects.forEach((key, data) -> {
            if (key.startsWith(prefix)) {
                out.add(new ObjectInfo(key, data.length));
            }
        });
        return out;
    }

    @Override
    public void putIfAbsent(String key, byte[] data) throws IOException {
        if (objects.putIfAbsent(Keys.check(key), data.clone()) != null) {
            throw new ObjectAlreadyExistsException(describe(key));
        }
    }

    @Override
    public PendingObject create(String key) {
        Keys.check(key);
        java.io.ByteArrayOutputStream buffer = new java.io.ByteArrayOutputStream();
        return new PendingObject() {
            @Override
            public void write(ByteBuffer bytes) {
                byte[] chunk = new byte[bytes.remaining()];
                bytes.get(chunk);
                buffer.writeBytes(chunk);
            }

            @Override
            public long position() {
                return buffer.size();
            }

            @Override
            public void commit() throws IOException {
                putIfAbsent(key, buffer.toByteArray());
            }

            @Override
            public void close() {
                buffer.reset();
            }
        };
    }

    @Override
    public void replace(String key, byte[] data) {
        objects.put(Keys.check(key), data.clone());
    }

    @Override
    public boolean delete(String key) {
        return objects.remove(Keys.check(key)) != null;
    }

    @Override
    public String describe(String key) {
        return name + "://" + key;
    }

    @Override
    public String cacheKey(String key) {
        return describe(key) + "#storage-" + instance;
    }

    private byte[] get(String key) throws ObjectNotFoundException {
        byte[] data = objects.get(Keys.check(key));
        if (data == null) {
            throw new ObjectNotFoundException(describe(key));
        }
        return data;
    }
}
