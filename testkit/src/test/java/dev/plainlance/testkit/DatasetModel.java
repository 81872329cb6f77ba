package dev.plainlance.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.plainlance.lance.Dataset;
import dev.plainlance.lance.ReadOptions;
import dev.plainlance.lance.WriteParams;
import dev.plainlance.lance.io.InMemoryStorage;
import dev.plainlance.lance.io.Storage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;

/**
 * The state of a dataset action chain: the dataset behind a fault-injecting storage, and the model — the ids every
 * known version holds and where every tag points. A version enters the model when its operation was acknowledged,
 * or when a crashed operation turned out to have landed.
 */
final class DatasetModel implements AutoCloseable {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T12:00:00Z"), ZoneOffset.UTC);
    static final String URI = "memory://chain";

    FaultInjectingStorage storage = new FaultInjectingStorage(new InMemoryStorage("chain"));
    final BufferAllocator allocator = new RootAllocator();
    final TreeMap<Long, List<Long>> versions = new TreeMap<>();
    final Map<String, Long> tags = new TreeMap<>();
    long nextId = 100;
    int crashes;

    DatasetModel() {
        write(List.of(0L, 1L, 2L), WriteParams.WriteMode.CREATE);
        versions.put(1L, List.of(0L, 1L, 2L));
    }

    List<Long> latestIds() {
        return versions.lastEntry().getValue();
    }

    long latestVersion() {
        return versions.lastKey();
    }

    Dataset open(Long version) {
        return open(storage, version);
    }

    static Dataset open(Storage storage, Long version) {
        ReadOptions.Builder options = new ReadOptions.Builder().setClock(CLOCK);
        if (version != null) {
            options.setVersion(version);
        }
        return Dataset.open(storage, URI, options.build());
    }

    void write(List<Long> ids, WriteParams.WriteMode mode) {
        try (ArrowReader rows = Rows.of(ids, allocator)) {
            Dataset.write(
                            storage,
                            URI,
                            rows,
                            new WriteParams.Builder().withMode(mode).build(),
                            CLOCK)
                    .close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every known version still reads its ids, every tag still points at its version, and opening is stable. */
    void checkInvariants() {
        try (Dataset latest = open(null);
                Dataset again = open(null)) {
            assertEquals(latestVersion(), latest.version(), "the latest version is the last known one");
            assertEquals(latest.version(), again.version(), "a second open sees the same version");
            for (Map.Entry<Long, List<Long>> known : versions.entrySet()) {
                try (Dataset at = latest.checkoutVersion(known.getKey())) {
                    assertEquals(
                            known.getValue(), Rows.ids(at), "version " + known.getKey() + " reads as acknowledged");
                }
            }
            for (Map.Entry<String, Long> tag : tags.entrySet()) {
                assertEquals(tag.getValue(), latest.tags().getVersion(tag.getKey()), "tag " + tag.getKey());
            }
        }
    }

    @Override
    public void close() {
        allocator.close();
    }

    @Override
    public String toString() {
        return "dataset at v" + latestVersion() + " " + latestIds() + (crashes > 0 ? ", " + crashes + " crashes" : "");
    }
}
