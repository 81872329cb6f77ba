package dev.plainlance.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.catalog.CatalogCommit;
import dev.plainlance.lance.io.LocalStorage;
import dev.plainlance.recovery.AuditRecord;
import dev.plainlance.recovery.OpenMode;
import dev.plainlance.recovery.RecoveryOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writer JVMs ({@link GraphWriterMain}) commit graph transactions on one root (inserts with edges, edges to other
 * writers' persons, cascade deletes of them) while this test kill -9s them at random moments and starts new ones.
 * Then a read-write open recovers, and the graph must be exactly the transactions of its log (published by their
 * writer or rolled forward by recovery) applied in log order to the initial graph: so each transaction is whole or
 * absent (a person with its WorksAt edge, or neither), no edge lacks a node, every acknowledged transaction is in the
 * log once, and a new write lands. {@code -Dplainlance.graph.kills=N} kills more (default 3).
 */
class GraphKillTest {
    private static final int WRITERS = 2;
    private static final int KILLS = Integer.getInteger("plainlance.graph.kills", 3);
    /** Past this, the test stops killing even if the writers made too little progress to be killed often. */
    private static final Duration LIMIT = Duration.ofSeconds(30 + 10L * KILLS);

    @TempDir
    Path dir;

    /** One writer's plan, from its {@code try} line. */
    record Plan(String tag, String company, String knows, String delete) {}

    @Test
    void killedGraphWritersLeaveWholeTransactionsOnly() throws Exception {
        Path root = init();
        int kills = killWriters(root, new String[] {"main", "main"});
        try (Graph graph = Graph.open(
                new LocalStorage(root),
                OpenMode.READ_WRITE,
                RecoveryOptions.defaults().withLease(Duration.ZERO))) {
            Map<String, GraphModel> models = check(graph, kills, List.of("main"));
            assertEquals(1, models.size());
            try (GraphTransaction tx = graph.begin("after")) {
                tx.upsert("Person", Map.of("name", "after"));
                tx.insertEdge("WorksAt", "after", "Acme", Map.of());
                tx.commit();
            }
            assertTrue(graph.snapshot().node("Person", "after").isPresent(), "recovery never blocks a writer");
        }
    }

    /**
     * One writer on main and one on branch {@code dev} at once, killed at random: each branch is exactly its own
     * transactions of the log applied in order to the graph at the fork, and merging dev into main then gives the
     * three-way merge of the two, or is refused exactly when that merge conflicts.
     */
    @Test
    void killedWritersOnMainAndABranchLeaveWholeTransactionsThenMerge() throws Exception {
        Path root = init();
        try (Graph graph = Graph.open(new LocalStorage(root), OpenMode.READ_WRITE, RecoveryOptions.defaults())) {
            try (GraphTransaction tx = graph.begin("setup").message("tag=base-0-0")) {
                tx.insert("Person", Map.of("name", "base-0-0", "age", 0));
                tx.insertEdge("WorksAt", "base-0-0", "Acme", Map.of());
                tx.commit();
            }
            graph.createBranch("dev", Optional.empty(), "setup");
        }
        int kills = killWriters(root, new String[] {"main", "dev"});
        try (Graph graph = Graph.open(
                new LocalStorage(root),
                OpenMode.READ_WRITE,
                RecoveryOptions.defaults().withLease(Duration.ZERO))) {
            Map<String, GraphModel> models = check(graph, kills, List.of("main", "dev"));
            GraphModel fork = GraphModel.empty().begin();
            fork.put(GraphOp.companyEntity("Acme"));
            fork.put(GraphOp.companyEntity("Globex"));
            fork.put(GraphOp.personEntity("base-0-0", 0));
            fork.put(GraphOp.worksAt("?base-0-0", "base-0-0", "Acme"));
            Optional<GraphModel> merged =
                    GraphBranchChainProperties.threeWay(fork, models.get("dev"), models.get("main"));
            if (merged.isEmpty()) {
                assertThrows(MergeConflictException.class, () -> graph.merge("dev", "after"));
                System.out.println("GraphKillTest: the merge conflicts, as the model's merge does");
                return;
            }
            MergeResult result = graph.merge("dev", "after");
            GraphModel actual = GraphModel.read(graph.snapshot());
            assertEquals(merged.get().entities("Person"), actual.entities("Person"), "persons after the merge");
            for (String edge : GraphModel.EDGE_TYPES) {
                assertEquals(edges(merged.get(), edge), edges(actual, edge), edge + " edges after the merge");
            }
            System.out.println("GraphKillTest: merged dev into main: " + result.outcome() + " " + result.applied());
        }
    }

    /** A new graph with the two companies; returns its root. */
    private Path init() throws IOException {
        Path root = dir.resolve("graph");
        Files.createDirectories(root);
        try (Graph graph = Graph.init(
                new LocalStorage(root),
                GraphFixtures.resource("test.pg"),
                "test.pg",
                RecoveryOptions.defaults(),
                "setup")) {
            GraphFixtures.load(graph, """
                    {"type":"Company","data":{"name":"Acme"}}
                    {"type":"Company","data":{"name":"Globex"}}
                    """, LoadMode.APPEND);
        }
        return root;
    }

    /** Runs a writer per entry of {@code branches} (on that branch), killing one at random now and then. */
    private int killWriters(Path root, String[] branches) throws Exception {
        Random random = new Random(73);
        Process[] writers = new Process[WRITERS];
        int started = 0;
        int kills = 0;
        long end = System.nanoTime() + LIMIT.toNanos();
        long acknowledgedAtLastKill = 0;
        try {
            while (kills < KILLS && System.nanoTime() < end) {
                for (int w = 0; w < WRITERS; w++) {
                    if (writers[w] == null || !writers[w].isAlive()) {
                        writers[w] = start(root, w, started++, branches[w]);
                    }
                }
                Thread.sleep(300 + random.nextInt(900));
                long acknowledged = lines("ack ").size();
                if (acknowledged == acknowledgedAtLastKill) {
                    continue; // still starting: a kill now would test nothing
                }
                acknowledgedAtLastKill = acknowledged;
                writers[random.nextInt(WRITERS)].destroyForcibly().waitFor();
                kills++;
            }
        } finally {
            for (Process writer : writers) {
                if (writer != null) {
                    writer.destroyForcibly().waitFor(); // writers loop forever: never leave one behind
                }
            }
        }
        return kills;
    }

    private Process start(Path root, int writer, long seed, String branch) throws IOException {
        return new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "--add-opens=java.base/java.nio=ALL-UNNAMED",
                        "-Xmx192m",
                        "-XX:TieredStopAtLevel=1",
                        "-cp",
                        System.getProperty("java.class.path"),
                        GraphWriterMain.class.getName(),
                        root.toString(),
                        Integer.toString(writer),
                        Long.toString(seed),
                        dir.resolve("writer-" + writer + ".log").toString(),
                        branch)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        dir.resolve("writer-" + writer + ".out").toFile()))
                .start();
    }

    /**
     * The complete lines (a kill may tear the last one) of every writer's log starting with {@code prefix}, split at
     * spaces.
     */
    private List<String[]> lines(String prefix) throws IOException {
        List<String[]> out = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            Path file = dir.resolve("writer-" + w + ".log");
            if (Files.exists(file)) {
                String text = Files.readString(file, StandardCharsets.UTF_8);
                String[] lines = text.substring(0, text.lastIndexOf('\n') + 1).split("\n");
                for (String line : lines) {
                    if (line.startsWith(prefix)) {
                        out.add(line.split(" "));
                    }
                }
            }
        }
        return out;
    }

    /**
     * Checks every branch of {@code branches} against its transactions of the log applied in log order (a branch
     * starts as main was when it was created) and returns the models.
     */
    private Map<String, GraphModel> check(Graph graph, int kills, List<String> branches) throws IOException {
        assertEquals(List.of(), graph.catalog().pendingSidecars(), "no pending operation after a read-write open");
        Map<String, Plan> plans = new HashMap<>();
        for (String[] t : lines("try ")) {
            if (t.length == 5) {
                plans.put(t[1], new Plan(t[1], t[2], t[3], t[4]));
            }
        }
        Map<String, String> acknowledged = new HashMap<>();
        for (String[] t : lines("ack ")) {
            if (t.length == 3) {
                acknowledged.put(t[1], t[2]);
            }
        }
        Map<String, String> auditActors = new HashMap<>();
        for (AuditRecord r : graph.catalog().audit()) {
            r.actor().ifPresent(actor -> auditActors.put(r.operationId(), actor));
        }

        // the initial graph, then every transaction of the log in log order
        GraphModel initial = GraphModel.empty().begin();
        initial.put(GraphOp.companyEntity("Acme"));
        initial.put(GraphOp.companyEntity("Globex"));
        Map<String, GraphModel> models = new TreeMap<>();
        models.put("main", initial);
        List<CatalogCommit> log = new ArrayList<>(graph.catalog().catalog().log());
        Collections.reverse(log);
        Set<String> applied = new HashSet<>();
        Map<String, String> commitOf = new HashMap<>();
        int rolledForward = 0;
        for (CatalogCommit commit : log) {
            String tag;
            if (commit.message().startsWith("create branch ")) {
                String name =
                        commit.message().substring("create branch ".length()).split(" ")[0];
                models.put(name, models.get("main").begin());
                continue;
            }
            if (commit.message().startsWith("tag=")) {
                tag = commit.message().substring(4);
            } else if (commit.message().startsWith("roll forward ")) {
                tag = auditActors.get(commit.operationId().orElseThrow());
                rolledForward++;
            } else {
                continue; // init, the companies, roll backs (which change no data)
            }
            Plan plan = tag.startsWith("base-") ? new Plan(tag, "Acme", "-", "-") : plans.get(tag);
            assertNotNull(plan, "commit " + commit.id() + " belongs to a logged plan (" + tag + ")");
            assertTrue(applied.add(tag), tag + " is published once");
            commitOf.put(tag, commit.id());
            apply(models.get(commit.branch()), plan);
        }
        int persons = 0;
        for (String branch : branches) {
            GraphModel expected = models.get(branch);
            GraphModel actual;
            try (Graph on = graph.checkout(branch)) {
                actual = GraphModel.read(on.snapshot());
            }
            assertEquals(List.of(), actual.dangling(), "no edge without its nodes on " + branch);
            assertEquals(
                    expected.entities("Person"),
                    actual.entities("Person"),
                    "persons on " + branch + " = its transactions of the log applied in order");
            assertEquals(expected.entities("Company"), actual.entities("Company"));
            for (String edge : GraphModel.EDGE_TYPES) {
                assertEquals(edges(expected, edge), edges(actual, edge), edge + " edges on " + branch);
            }
            for (Entity person : actual.entities("Person").values()) {
                assertEquals(
                        1,
                        actual.matching("WorksAt", e -> e.src().equals(person.id()))
                                .size(),
                        person.id() + " and its WorksAt edge: both or neither");
            }
            persons += actual.entities("Person").size();
        }
        acknowledged.forEach(
                (tag, id) -> assertEquals(id, commitOf.get(tag), "acknowledged " + tag + " is in the log"));
        System.out.println("GraphKillTest: " + kills + " kills, " + plans.size() + " attempts, " + acknowledged.size()
                + " acknowledged, " + lines("fail ").size() + " failed (conflicts, endpoints gone), " + applied.size()
                + " in the log (" + rolledForward + " rolled forward), "
                + graph.catalog().audit().size() + " audit records, "
                + persons
                + " persons on " + branches);
        assertTrue(acknowledged.size() > 0, "the writers made progress");
        return models;
    }

    private static void apply(GraphModel model, Plan plan) {
        int age = Integer.parseInt(plan.tag().substring(plan.tag().lastIndexOf('-') + 1));
        assertTrue(!model.exists("Person", plan.tag()), plan.tag() + " is inserted once");
        model.put(GraphOp.personEntity(plan.tag(), age));
        assertTrue(model.exists("Company", plan.company()));
        model.put(GraphOp.worksAt("?" + plan.tag(), plan.tag(), plan.company()));
        if (!plan.knows().equals("-")) {
            assertTrue(model.exists("Person", plan.knows()), plan + ": its Knows target exists when it lands");
            model.put(GraphOp.knows("?k" + plan.tag(), plan.tag(), plan.knows(), LocalDate.of(2024, 1, 1)));
        }
        if (!plan.delete().equals("-")) {
            model.deleteNodes("Person", p -> p.id().equals(plan.delete()));
        }
    }

    /** The edges of a type without their ids (unknown to the test): endpoints and properties, counted. */
    private static Map<String, Integer> edges(GraphModel model, String type) {
        Map<String, Integer> out = new TreeMap<>();
        for (Entity e : model.entities(type).values()) {
            out.merge(e.src() + " -> " + e.dst() + " " + e.properties(), 1, Integer::sum);
        }
        return out;
    }
}
