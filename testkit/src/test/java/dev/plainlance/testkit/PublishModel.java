package dev.plainlance.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.plainlance.catalog.Catalog;
import dev.plainlance.catalog.CatalogChange;
import dev.plainlance.catalog.CatalogSnapshot;
import dev.plainlance.catalog.Pin;
import dev.plainlance.catalog.PublishRequest;
import dev.plainlance.catalog.PublishResult;
import dev.plainlance.lance.failpoint.Failpoint;
import dev.plainlance.lance.failpoint.Failpoints;
import dev.plainlance.lance.io.InMemoryStorage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The state of a publish chain: a catalog of tables {@code a} and {@code b} (pins only, no table data) written
 * through a fault-injecting storage, another process on the same durable storage that the faults never reach, and
 * the model — the pins every decided publish so far leaves.
 */
final class PublishModel implements AutoCloseable {
    static final List<String> TABLES = List.of("a", "b");

    private final InMemoryStorage memory = new InMemoryStorage("publish-chain");
    final FaultInjectingStorage storage = new FaultInjectingStorage(memory);
    final Catalog catalog;
    private final Catalog other;
    Map<String, Pin> pins = new TreeMap<>();

    PublishModel() {
        catalog = Catalog.create(storage, CatalogTarget.options(1).catalog(), "setup");
        other = Catalog.open(memory, CatalogTarget.options(2).catalog());
        List<CatalogChange> setup = new ArrayList<>();
        for (String key : TABLES) {
            setup.add(new CatalogChange.RegisterTable(key, "tables/" + key));
            setup.add(new CatalogChange.SetPin(CatalogSnapshot.MAIN, key, new Pin(1, 0)));
            pins.put(key, new Pin(1, 0));
        }
        catalog.publish(PublishRequest.of(setup, Map.of(), "setup", "tables a and b"));
    }

    /** The durable state, read by the other process. */
    CatalogSnapshot durable() {
        return other.snapshot();
    }

    /** Until closed: the first time execution reaches {@code point}, the other process publishes {@code twin}. */
    Failpoints.Scope twinAt(Failpoint point, PublishRequest twin) {
        return atFirst(point, () -> other.publish(twin));
    }

    /** Until closed: the first time execution reaches {@code point}, {@code action} runs (once, not re-entered). */
    static Failpoints.Scope atFirst(Failpoint point, Runnable action) {
        boolean[] done = {false};
        return Failpoints.install(p -> {
            if (p == point && !done[0]) {
                done[0] = true;
                action.run();
            }
        });
    }

    /** Publishes {@code request} as the other process. */
    PublishResult publishAsOther(PublishRequest request) {
        return other.publish(request);
    }

    /** The catalog holds exactly the pins of the publishes decided so far. */
    void checkInvariants() {
        assertEquals(pins, durable().pins(CatalogSnapshot.MAIN), "the catalog holds the pins of decided publishes");
    }

    @Override
    public void close() {
        other.close();
        catalog.close();
    }

    @Override
    public String toString() {
        return "catalog pins " + pins;
    }
}
