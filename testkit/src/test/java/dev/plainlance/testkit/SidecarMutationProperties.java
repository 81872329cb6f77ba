package dev.plainlance.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.plainlance.catalog.ExpectedVersionMismatchException;
import dev.plainlance.lance.Dataset;
import dev.plainlance.lance.failpoint.Failpoint;
import dev.plainlance.lance.failpoint.Failpoints;
import dev.plainlance.lance.io.InMemoryStorage;
import dev.plainlance.lance.io.Storage;
import dev.plainlance.lance.table.ManifestStore;
import dev.plainlance.recovery.CatalogSession;
import dev.plainlance.recovery.CorruptSidecarException;
import dev.plainlance.recovery.MultiTableCommit;
import dev.plainlance.recovery.OpenMode;
import dev.plainlance.recovery.RecoveryFailpoints;
import dev.plainlance.recovery.RecoveryOptions;
import dev.plainlance.recovery.RecoveryOutcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * Damaged sidecars (issue 12): a writer of tables {@code a} and {@code b} dies at a random point, leaving its
 * sidecar; the sidecar is damaged at random (byte flips, truncations, wrong uuids, versions, keys, paths, branch,
 * operation id), seeded so a failure replays; then a read-write open recovers. Recovery either refuses the sidecar
 * whole — touching no table, leaving it in place, and the catalog writable for table {@code d}, which no damage
 * names — or completes it (roll forward or back; a damaged start time can also defer it, untouched): the operation shows in both tables or in neither, and every
 * table is at its pin. A table left above its pin is named by the refusal, or (for a sidecar that cannot be read)
 * refuses writers with a typed error naming pin and HEAD.
 */
class SidecarMutationProperties {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant WRITER_AT = Instant.parse("2026-11-22T12:00:00Z");
    private static final List<String> TABLES = List.of("a", "b", "c", "d");
    private static final long MARK_A = 1000;
    private static final long MARK_B = 2000;

    enum Mutation {
        FLIP_BYTE,
        TRUNCATE,
        UUID,
        EXPECTED_VERSION,
        TABLE_KEY,
        PATH,
        BRANCH,
        OPERATION_ID
    }

    @Property(tries = 300)
    void aDamagedSidecarIsRefusedWholeOrCompletedNeverHalfApplied(
            @ForAll("crashPoints") Failpoint crashAt,
            @ForAll @IntRange(min = 1, max = 2) int nth,
            @ForAll Mutation mutation,
            @ForAll long seed)
            throws Exception {
        Storage root = new InMemoryStorage("mutated");
        try (BufferAllocator allocator = new RootAllocator()) {
            setUp(root, allocator);
            writeAndDie(root, allocator, crashAt, nth);
            List<String> pending = sessionPending(root);
            if (pending.isEmpty()) {
                return; // the writer died before its sidecar: nothing to damage
            }
            String key = pending.get(0);
            byte[] damaged = mutate(root.readIfExists(key).orElseThrow(), mutation, new Random(seed), root);
            root.delete(key);
            root.putIfAbsent(key, damaged);
            Map<String, Long> headsBefore = heads(root);
            Map<String, Long> pinsBefore = pins(root);

            try (CatalogSession session = open(root)) {
                RecoveryOutcome outcome = session.openingSweep().get(0);
                if (outcome.kind() == RecoveryOutcome.Kind.REFUSED) {
                    String why = outcome.refusal().orElseThrow().getMessage();
                    assertTrue(why.contains(key.substring(key.indexOf('/') + 1)), "names the sidecar: " + why);
                    assertEquals(headsBefore, heads(root), "a refused sidecar touches no table: " + why);
                    assertEquals(pinsBefore, pins(root), "a refused sidecar changes no pin: " + why);
                    assertEquals(List.of(key), session.pendingSidecars(), "left in place");
                    for (String table : List.of("a", "b")) {
                        if (!headsBefore.get(table).equals(pinsBefore.get(table))) {
                            assertTrue(
                                    outcome.blockedTables().contains(table)
                                            || outcome.refusal().get() instanceof CorruptSidecarException,
                                    "table " + table + " above its pin is named by the refusal: " + why);
                            assertBlocked(session, table, allocator);
                        }
                    }
                    session.newCommit()
                            .append("d", Rows.of(List.of(7L), allocator))
                            .commit();
                } else if (outcome.kind() == RecoveryOutcome.Kind.DEFERRED) {
                    // a damaged started_at moved the sidecar into the future: left alone, like a live writer's
                    assertEquals(headsBefore, heads(root));
                    assertEquals(pinsBefore, pins(root));
                    session.newCommit()
                            .append("d", Rows.of(List.of(7L), allocator))
                            .commit();
                } else {
                    assertTrue(
                            outcome.kind() == RecoveryOutcome.Kind.ROLLED_FORWARD
                                    || outcome.kind() == RecoveryOutcome.Kind.ROLLED_BACK,
                            "completed: " + outcome);
                    assertEquals(List.of(), session.pendingSidecars());
                    assertEquals(pins(root), heads(root), "every table at its pin");
                    boolean inA = ids(session, "a").contains(MARK_A);
                    boolean inB = ids(session, "b").contains(MARK_B);
                    assertEquals(inA, inB, "the operation shows in a and b, or in neither");
                    session.newCommit()
                            .append("a", Rows.of(List.of(8L), allocator))
                            .append("d", Rows.of(List.of(7L), allocator))
                            .commit();
                }
            }
        }
    }

    private static void assertBlocked(CatalogSession session, String table, BufferAllocator allocator) {
        try {
            session.newCommit().append(table, Rows.of(List.of(9L), allocator)).commit();
            fail("a write to " + table + ", above its pin, must be refused");
        } catch (dev.plainlance.recovery.TableBlockedException | ExpectedVersionMismatchException expected) {
            assertFalse(expected.getMessage().contains("\n"), expected.getMessage());
        }
    }

    @Provide
    Arbitrary<Failpoint> crashPoints() {
        return Arbitraries.of(
                RecoveryFailpoints.SIDECAR_WRITTEN, RecoveryFailpoints.TABLE_COMMITTED, RecoveryFailpoints.PUBLISHED);
    }

    private static RecoveryOptions options(long seed, Instant at) {
        return CatalogTarget.options(seed, Duration.ofSeconds(30), Clock.fixed(at, ZoneOffset.UTC));
    }

    private static CatalogSession open(Storage root) {
        return CatalogSession.open(root, OpenMode.READ_WRITE, options(3, WRITER_AT.plus(Duration.ofMinutes(1))));
    }

    private static void setUp(Storage root, BufferAllocator allocator) {
        try (CatalogSession session = CatalogSession.create(root, options(1, WRITER_AT), "setup")) {
            MultiTableCommit create = session.newCommit();
            for (String key : TABLES) {
                create.createTable(key, Rows.of(List.of((long) TABLES.indexOf(key)), allocator));
            }
            create.commit();
            session.newCommit().append("a", Rows.of(List.of(10L), allocator)).commit();
        }
    }

    /** Appends MARK_A to a and MARK_B to b, dying at the {@code nth} hit of {@code point}. */
    private static void writeAndDie(Storage root, BufferAllocator allocator, Failpoint point, int nth) {
        int[] seen = {0};
        try (CatalogSession session = CatalogSession.open(root, OpenMode.READ_WRITE, options(2, WRITER_AT));
                Failpoints.Scope crash = Failpoints.install(p -> {
                    if (p == point && ++seen[0] == nth) {
                        throw new CrashException("at " + p.name());
                    }
                })) {
            session.newCommit()
                    .append("a", Rows.of(List.of(MARK_A), allocator))
                    .append("b", Rows.of(List.of(MARK_B), allocator))
                    .commit();
        } catch (CrashException expected) {
            // the writer is dead; its sidecar stays
        }
    }

    private static List<String> sessionPending(Storage root) {
        try (CatalogSession session = CatalogSession.open(root, OpenMode.READ_ONLY, options(4, WRITER_AT))) {
            return session.pendingSidecars();
        }
    }

    private static byte[] mutate(byte[] sidecar, Mutation mutation, Random random, Storage root) throws Exception {
        switch (mutation) {
            case FLIP_BYTE -> {
                byte[] out = sidecar.clone();
                out[random.nextInt(out.length)] ^= (byte) (1 << random.nextInt(8));
                return out;
            }
            case TRUNCATE -> {
                return java.util.Arrays.copyOf(sidecar, random.nextInt(sidecar.length));
            }
            default -> {
                ObjectNode json = (ObjectNode) JSON.readTree(sidecar);
                ObjectNode table = (ObjectNode)
                        json.get("tables").get(random.nextInt(json.get("tables").size()));
                switch (mutation) {
                    case UUID ->
                        table.put(
                                "transaction_uuid",
                                flipOne(table.get("transaction_uuid").asText(), random));
                    case EXPECTED_VERSION ->
                        table.put(
                                "expected_version",
                                pick(
                                        random,
                                        0L,
                                        1L,
                                        2L,
                                        3L,
                                        4L,
                                        table.get("expected_version").asLong() + 1,
                                        Long.MAX_VALUE));
                    case TABLE_KEY -> table.put("table_key", pick(random, "a", "b", "c", "zz", "", "../a"));
                    case PATH -> table.put("path", pick(random, otherPath(json, table), "tables/x-1", "../evil", ""));
                    case BRANCH -> json.put("branch", pick(random, "dev", "main2", "", "a/b"));
                    default -> json.put("operation_id", "01JD0000000000000000000000");
                }
                return JSON.writeValueAsBytes(json);
            }
        }
    }

    private static String otherPath(JsonNode json, JsonNode table) {
        for (JsonNode t : json.get("tables")) {
            if (!t.get("path").asText().equals(table.get("path").asText())) {
                return t.get("path").asText();
            }
        }
        return "tables/c-0";
    }

    private static String flipOne(String text, Random random) {
        int i = random.nextInt(text.length());
        char c = text.charAt(i);
        char replacement = c == '-' ? '0' : (c == 'f' ? '0' : (char) (Character.isDigit(c) && c < '9' ? c + 1 : 'a'));
        if (replacement == c) {
            replacement = 'b';
        }
        return text.substring(0, i) + replacement + text.substring(i + 1);
    }

    @SafeVarargs
    private static <T> T pick(Random random, T... choices) {
        return choices[random.nextInt(choices.length)];
    }

    private static Map<String, Long> heads(Storage root) {
        Map<String, Long> out = new TreeMap<>();
        try (CatalogSession session = CatalogSession.open(root, OpenMode.READ_ONLY, options(5, WRITER_AT))) {
            session.snapshot()
                    .tables()
                    .forEach((key, path) -> out.put(
                            key,
                            new ManifestStore(session.catalog().tableStorage(path))
                                    .latest()
                                    .map(ManifestStore.Location::version)
                                    .orElse(0L)));
        }
        return out;
    }

    private static Map<String, Long> pins(Storage root) {
        Map<String, Long> out = new TreeMap<>();
        try (CatalogSession session = CatalogSession.open(root, OpenMode.READ_ONLY, options(6, WRITER_AT))) {
            session.snapshot().pins("main").forEach((key, pin) -> out.put(key, pin.version()));
        }
        return out;
    }

    private static List<Long> ids(CatalogSession session, String key) {
        try (Dataset table = session.openTable(key)) {
            return new ArrayList<>(Rows.ids(table));
        }
    }
}
