package dev.plainlance.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.plainlance.catalog.CatalogChange;
import dev.plainlance.catalog.CatalogFailpoints;
import dev.plainlance.catalog.CatalogSnapshot;
import dev.plainlance.catalog.ExpectedVersionMismatchException;
import dev.plainlance.catalog.Pin;
import dev.plainlance.catalog.PublishRequest;
import dev.plainlance.catalog.PublishResult;
import dev.plainlance.catalog.TableRef;
import dev.plainlance.lance.commit.DatasetFailpoints;
import dev.plainlance.lance.failpoint.Failpoint;
import dev.plainlance.lance.failpoint.Failpoints;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One step of a racing-publish chain (lesson 10): two publishers build their requests from the same pins, on the
 * same or different tables, and the rival publishes before, after, or in the middle of the other — between its
 * expected-version check and its {@code __manifest} commit, at {@code catalog.publish.checked} or once its
 * transaction file is written. The publishes take effect in the order they finish, and each outcome and the pins
 * must be those of that serial order: applied when its expected versions hold in the state it replaces, already
 * held when they do not but its change does, otherwise refused with {@link ExpectedVersionMismatchException},
 * changing nothing.
 */
record RacingPublishes(Publish own, Publish rival, When when) {
    /** When the rival publishes, relative to the own publish. */
    enum When {
        BEFORE(null),
        AT_CHECK(CatalogFailpoints.PUBLISH_CHECKED),
        AT_TRANSACTION_WRITTEN(DatasetFailpoints.TRANSACTION_WRITTEN),
        AFTER(null);

        final Failpoint point;

        When(Failpoint point) {
            this.point = point;
        }
    }

    /** What a publish did, or must do in a serial order. */
    enum Outcome {
        APPLIED,
        ALREADY_HELD,
        REFUSED
    }

    /** Pin the next version (or, if stale, the current one again) of {@code tables} with {@code rows} rows. */
    record Publish(String name, List<String> tables, boolean stale, int rows) {
        Map<TableRef, Long> expected(Map<String, Pin> base) {
            Map<TableRef, Long> out = new TreeMap<>();
            tables.forEach(key -> out.put(TableRef.main(key), base.get(key).version() - (stale ? 1 : 0)));
            return out;
        }

        Map<String, Pin> changes(Map<String, Pin> base) {
            Map<String, Pin> out = new TreeMap<>();
            expected(base).forEach((ref, from) -> out.put(ref.key(), new Pin(from + 1, rows)));
            return out;
        }

        PublishRequest request(Map<String, Pin> base) {
            List<CatalogChange> changes = new ArrayList<>();
            changes(base).forEach((key, pin) -> changes.add(new CatalogChange.SetPin(CatalogSnapshot.MAIN, key, pin)));
            return PublishRequest.of(changes, expected(base), name, toString());
        }

        /** The outcome of this publish (built from {@code base}) on {@code state}, as the catalog contract says. */
        Outcome on(Map<String, Pin> state, Map<String, Pin> base) {
            boolean checks = expected(base).entrySet().stream()
                    .allMatch(e -> state.get(e.getKey().key()).version() == e.getValue());
            if (checks) {
                return Outcome.APPLIED;
            }
            boolean holds = changes(base).entrySet().stream()
                    .allMatch(e -> state.get(e.getKey()).equals(e.getValue()));
            return holds ? Outcome.ALREADY_HELD : Outcome.REFUSED;
        }

        @Override
        public String toString() {
            return name + " publish(" + String.join("+", tables) + ", rows " + rows + (stale ? ", stale" : "") + ")";
        }
    }

    @Override
    public String toString() {
        return own + " with " + rival
                + switch (when) {
                    case BEFORE -> " first";
                    case AT_CHECK -> " between its check and its commit";
                    case AT_TRANSACTION_WRITTEN -> " once its transaction file is written";
                    case AFTER -> " after it";
                };
    }

    void apply(PublishModel model) {
        Map<String, Pin> base = new TreeMap<>(model.pins);
        long versionBefore = model.durable().manifestVersion();
        List<Publish> finished = new ArrayList<>();
        Map<Publish, Outcome> outcomes = new TreeMap<>((x, y) -> x.name().compareTo(y.name()));
        Runnable rivalPublishes =
                () -> outcomes.put(rival, run(rival, base, finished, () -> model.publishAsOther(rival.request(base))));
        if (when == When.BEFORE) {
            rivalPublishes.run();
        }
        try (Failpoints.Scope interleaved =
                when.point == null ? () -> {} : PublishModel.atFirst(when.point, rivalPublishes)) {
            outcomes.put(own, run(own, base, finished, () -> model.catalog.publish(own.request(base))));
        }
        if (!outcomes.containsKey(rival)) {
            rivalPublishes.run(); // after it, or the own publish was refused before the interleaving point
        }
        Map<String, Pin> serial = new TreeMap<>(base);
        long versions = versionBefore;
        for (Publish p : finished) {
            Outcome expected = p.on(serial, base);
            assertEquals(
                    expected,
                    outcomes.get(p),
                    this + ": " + p + " in the serial order " + names(finished) + ", on pins " + serial);
            if (expected == Outcome.APPLIED) {
                serial.putAll(p.changes(base));
                versions++;
            }
        }
        CatalogSnapshot now = model.durable();
        assertEquals(
                serial,
                now.pins(CatalogSnapshot.MAIN),
                this + ": the pins are those of the serial order " + names(finished) + " from " + base + " (" + outcomes
                        + ")");
        assertEquals(versions, now.manifestVersion(), this + ": one catalog version per applied publish");
        model.pins = serial;
    }

    /** Runs one publish; its outcome. A refusal must be a typed expected-version mismatch. */
    private Outcome run(
            Publish p,
            Map<String, Pin> base,
            List<Publish> finished,
            java.util.function.Supplier<PublishResult> publish) {
        Outcome outcome;
        try {
            outcome = publish.get().alreadyApplied() ? Outcome.ALREADY_HELD : Outcome.APPLIED;
        } catch (ExpectedVersionMismatchException refused) {
            outcome = Outcome.REFUSED;
        } catch (RuntimeException other) {
            return fail(this + ": " + p + " failed with " + other + ", not a typed expected-version mismatch", other);
        }
        finished.add(p);
        return outcome;
    }

    private static List<String> names(List<Publish> publishes) {
        return publishes.stream().map(Publish::name).toList();
    }
}
