package dev.plainlance.lance.io;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Records (and refuses) every write, so that a test can assert that a read wrote nothing. */
public final class WriteRecordingStorage extends ForwardingStorage {
    private final List<String> writes = new ArrayList<>();

    public WriteRecordingStorage(Storage inner) {
        super(inner);
    }

    /** The writes attempted so far, as "operation key". */
    public List<String> writes() {
        return List.copyOf(writes);
    }

    @Override
    public void putIfAbsent(String key, byte[] data) throws IOException {
        throw refused("putIfAbsent", key);
    }

    @Override
    public PendingObject create(String key) throws IOException {
        throw refused("create", key);
    }

    @Override
    public void replace(String key, byte[] data) throws IOException {
        throw refused("replace", key);
    }

    @Override
    public boolean delete(String key) throws IOException {
        throw refused("delete", key);
    }

    private IOException refused(String operation, String key) {
        writes.add(operation + " " + key);
        return new IOException("write refused during a read: " + operation + " " + key);
    }
}
