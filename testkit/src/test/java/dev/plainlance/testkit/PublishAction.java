package dev.plainlance.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.plainlance.catalog.CatalogChange;
import dev.plainlance.catalog.CatalogFailpoints;
import dev.plainlance.catalog.CatalogSnapshot;
import dev.plainlance.catalog.ExpectedVersionMismatchException;
import dev.plainlance.catalog.Pin;
import dev.plainlance.catalog.PublishRequest;
import dev.plainlance.catalog.TableRef;
import dev.plainlance.lance.commit.CommitOutcomeUnknownException;
import dev.plainlance.lance.error.LanceIOException;
import dev.plainlance.lance.failpoint.Failpoints;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One step of a publish chain: pin the next version of some tables, expecting their current pins (or, if
 * {@code stale}, the versions before), with a transient storage fault or a twin publish in the way. The caller
 * retries I/O errors, as a careful client does. The outcome is decided by the model alone: a fresh request
 * succeeds and shows, once; a stale one fails with {@link ExpectedVersionMismatchException} and changes nothing,
 * unless its change already holds. An I/O error other than an unknown outcome changes nothing.
 */
record PublishAction(List<String> tables, boolean stale, int rows, Fault fault) {
    private static final int MAX_ATTEMPTS = 6;

    /** What gets in the publish's way. */
    record Fault(Kind kind, StorageOp op, int n) {
        enum Kind {
            NONE,
            FAIL,
            LOSE_ACKNOWLEDGEMENT,
            UNREACHABLE_AFTER,
            TWIN_FIRST
        }

        void inject(FaultInjectingStorage storage) {
            switch (kind) {
                case FAIL -> storage.failNext(op, n);
                case LOSE_ACKNOWLEDGEMENT -> storage.loseAcknowledgementOfNext(op);
                case UNREACHABLE_AFTER -> storage.unreachableAfterNext(op, n);
                default -> {}
            }
        }

        @Override
        public String toString() {
            return switch (kind) {
                case NONE -> "no fault";
                case FAIL -> op + " failing " + n + "x";
                case LOSE_ACKNOWLEDGEMENT -> op + " unacknowledged";
                case UNREACHABLE_AFTER ->
                    op + " done, then storage unreachable for " + n + (n == 1 ? " call" : " calls");
                case TWIN_FIRST -> "a twin publishing the same change first";
            };
        }
    }

    @Override
    public String toString() {
        return "publish(" + String.join("+", tables) + ", rows " + rows + (stale ? ", stale" : "") + ") with " + fault;
    }

    void apply(PublishModel model) {
        Map<String, Pin> before = new TreeMap<>(model.pins);
        Map<String, Pin> wanted = new TreeMap<>(before);
        Map<TableRef, Long> expected = new TreeMap<>();
        List<CatalogChange> changes = new ArrayList<>();
        for (String key : tables) {
            long from = before.get(key).version() - (stale ? 1 : 0);
            expected.put(TableRef.main(key), from);
            changes.add(new CatalogChange.SetPin(CatalogSnapshot.MAIN, key, new Pin(from + 1, rows)));
            wanted.put(key, new Pin(from + 1, rows));
        }
        PublishRequest request = PublishRequest.of(changes, expected, "chain", toString());
        boolean applies = !stale || wanted.equals(before);
        long versionBefore = model.durable().manifestVersion();
        fault.inject(model.storage);
        try (Failpoints.Scope twin = fault.kind() == Fault.Kind.TWIN_FIRST
                ? model.twinAt(CatalogFailpoints.PUBLISH_CHECKED, request)
                : () -> {}) {
            decide(model, request, applies);
        } finally {
            model.storage.disarm();
        }
        CatalogSnapshot now = model.durable();
        Map<String, Pin> visible = new TreeMap<>(now.pins(CatalogSnapshot.MAIN));
        assertEquals(applies ? wanted : before, visible, this + ": the catalog shows the decided outcome");
        assertEquals(
                versionBefore + (visible.equals(before) ? 0 : 1),
                now.manifestVersion(),
                this + ": a change is published as exactly one catalog version");
        model.pins = visible;
    }

    /** Publishes until decided, retrying I/O errors; each outcome must agree with {@code applies}. */
    private void decide(PublishModel model, PublishRequest request, boolean applies) {
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            CatalogSnapshot start = model.durable();
            try {
                model.catalog.publish(request);
                assertTrue(applies, this + " succeeded although its expected versions are stale");
                return;
            } catch (ExpectedVersionMismatchException mismatch) {
                Map<String, Pin> visible = model.durable().pins(CatalogSnapshot.MAIN);
                assertFalse(
                        applies,
                        this + " threw \"" + mismatch.getMessage() + "\" on attempt " + attempt
                                + "; the catalog shows " + visible
                                + (visible.equals(model.pins) ? "" : ", so its change is visible after all"));
                return;
            } catch (CommitOutcomeUnknownException unknown) {
                // it may or may not have happened: the retry must tell
            } catch (LanceIOException failed) {
                assertEquals(
                        start.manifestVersion(),
                        model.durable().manifestVersion(),
                        this + " failed with \"" + failed.getMessage() + "\" but published something");
            }
        }
        fail(this + " is still undecided after " + MAX_ATTEMPTS + " attempts, its faults long over");
    }
}
