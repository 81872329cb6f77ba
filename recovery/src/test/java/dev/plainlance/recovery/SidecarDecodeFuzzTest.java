package dev.plainlance.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.lance.error.Printable;
import dev.plainlance.lance.io.ByteMutations;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Issue 15 item 6: a damaged intent sidecar ({@link ByteMutations}) decodes to the original intent, to an intent of
 * the same shape when the damage hit a value, or fails with a one-line {@link CorruptSidecarException} naming the
 * file; never another exception. (What recovery then does with the sidecar is tested with recovery.)
 */
class SidecarDecodeFuzzTest {
    private static final String KEY = IntentSidecar.key("01JF0000000000000000000000");
    private static final String FILE = "/cat/" + KEY;

    @Test
    void aDamagedSidecarDecodesTheSameOrFailsTyped() {
        IntentSidecar original = new IntentSidecar(
                IntentSidecar.SCHEMA_VERSION,
                "01JF0000000000000000000000",
                Instant.parse("2026-12-01T10:00:00Z"),
                "main",
                Optional.of("alice"),
                "plainlance 0.1.0",
                List.of(
                        new TableIntent("people", "tables/people", 3, "uuid-a"),
                        new TableIntent("knows", "tables/knows", 0, "uuid-b")),
                Map.of("node:Person.inserted", 3L, "edge:Knows.deleted", 1L));
        byte[] bytes = SidecarCodec.encode(original);
        assertEquals(original, SidecarCodec.decode(bytes, KEY, FILE));
        Map<String, Integer> outcomes = new TreeMap<>();
        for (int i = 0; i < ByteMutations.COUNT; i++) {
            ByteMutations.Mutation m = ByteMutations.mutate(bytes, 6, i);
            String outcome;
            try {
                outcome = SidecarCodec.decode(m.bytes(), KEY, FILE).equals(original) ? "original" : "other intent";
            } catch (CorruptSidecarException e) {
                outcome = "CorruptSidecarException";
                String message = e.getMessage();
                assertTrue(
                        message.contains(FILE) && !message.contains("\n") && message.equals(Printable.escape(message)),
                        m.description() + ": message " + message);
            } catch (RuntimeException e) {
                throw new AssertionError(m.description() + ": untyped " + e, e);
            }
            outcomes.merge(outcome, 1, Integer::sum);
        }
        System.out.println("fuzz sidecar: " + outcomes);
        assertTrue(outcomes.containsKey("CorruptSidecarException"), outcomes.toString());
    }
}
