package dev.plainlance.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.lance.error.LanceException;
import dev.plainlance.lance.error.Printable;
import dev.plainlance.lance.io.ByteMutations;
import dev.plainlance.lance.io.InMemoryStorage;
import dev.plainlance.lance.io.ObjectInfo;
import dev.plainlance.lance.io.WriteRecordingStorage;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Issue 15 items 3 and 6: reading a catalog one of whose {@code __manifest} files is damaged ({@link ByteMutations})
 * gives the original state, a state of the same shape when the damage hit value bytes, or a one-line typed {@link
 * LanceException} (never a NullPointerException or another untyped error), and never writes.
 */
class CatalogReadFuzzTest {
    @Test
    void aDamagedManifestFileReadsTheSameOrFailsTyped() throws IOException {
        InMemoryStorage original = new InMemoryStorage("cat");
        try (Catalog catalog = Catalog.create(original, CatalogTest.options(1), "alice")) {
            catalog.publish(CatalogTest.register("people", 1, 0));
            catalog.publish(CatalogTest.register("knows", 2, 0).withSummary(Map.of("edge:Knows.inserted", 2L)));
        }
        String expected = read(original);
        List<String> keys = original.list(Catalog.MANIFEST_DIR + "/").stream()
                .map(ObjectInfo::key)
                .filter(k -> !k.contains("/_versions/") || k.endsWith("3.manifest"))
                .sorted()
                .toList();
        Map<String, Integer> outcomes = new TreeMap<>();
        for (int i = 0; i < ByteMutations.COUNT; i++) {
            String key = keys.get(i % keys.size());
            ByteMutations.Mutation m = ByteMutations.mutate(original.read(key), 15, i);
            InMemoryStorage damaged = new InMemoryStorage("cat");
            for (ObjectInfo info : original.list("")) {
                damaged.putIfAbsent(info.key(), info.key().equals(key) ? m.bytes() : original.read(info.key()));
            }
            WriteRecordingStorage recording = new WriteRecordingStorage(damaged);
            String label = key + ", " + m.description();
            String outcome;
            try {
                outcome = read(recording).equals(expected) ? "original state" : "other state";
            } catch (LanceException e) {
                outcome = e.getClass().getSimpleName();
                String message = e.getMessage();
                assertTrue(
                        message != null && !message.contains("\n") && message.equals(Printable.escape(message)),
                        label + ": message " + message);
            } catch (RuntimeException e) {
                throw new AssertionError(label + ": untyped " + e, e);
            }
            assertEquals(List.of(), recording.writes(), label + ": writes during a read");
            outcomes.merge(outcome, 1, Integer::sum);
        }
        System.out.println("fuzz __manifest: " + outcomes);
        assertTrue(
                outcomes.containsKey("CatalogFormatException") || outcomes.containsKey("CorruptFileException"),
                outcomes.toString());
    }

    private static String read(dev.plainlance.lance.io.Storage root) {
        try (Catalog catalog = Catalog.open(root, CatalogTest.options(2))) {
            CatalogSnapshot now = catalog.snapshot();
            return now.tables() + " " + now.pins() + " " + now.head().message() + " "
                    + now.head().summary() + " " + catalog.log().size();
        }
    }
}
