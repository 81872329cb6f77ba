package dev.plainlance.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.catalog.CatalogFailpoints;
import dev.plainlance.catalog.CatalogSnapshot;
import dev.plainlance.lance.commit.DatasetFailpoints;
import dev.plainlance.lance.failpoint.Failpoint;
import dev.plainlance.lance.failpoint.Failpoints;
import dev.plainlance.lance.io.LocalStorage;
import dev.plainlance.lance.io.Storage;
import dev.plainlance.recovery.OpenMode;
import dev.plainlance.recovery.RecoveryFailpoints;
import dev.plainlance.recovery.RecoveryOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The state of one graph action chain: a graph in a temporary directory, opened read-write as one process would, and
 * the {@link GraphModel} it must equal. {@link #commitCrashing} runs one change that publishes at most one commit,
 * possibly "killing the process" at a failpoint; after a crash a reader opens the graph, then a read-write open runs
 * recovery (possibly crashing too, then finished by the next open), and the graph must show the state before or the
 * state after the change, whole.
 */
final class GraphChain implements AutoCloseable {
    /** No lease: the read-write open after a crash recovers the dead writer's operation at once. */
    static final RecoveryOptions OPTIONS = RecoveryOptions.defaults().withLease(Duration.ZERO);

    /** Every failpoint a graph commit passes: phases A-D, each table's own commit, the catalog publish. */
    static final List<Failpoint> WRITER_POINTS = Stream.of(
                    RecoveryFailpoints.WRITER, DatasetFailpoints.ALL, CatalogFailpoints.ALL)
            .flatMap(List::stream)
            .toList();

    /** Where a "process" dies: at the {@code n}th hit of {@code point}. */
    record Crash(Failpoint point, int n) {
        @Override
        public String toString() {
            return point.name() + (n > 1 ? "#" + n : "");
        }
    }

    /** Thrown by the failpoint handler: the process dies there. An Error, so no product code swallows it. */
    static final class SimulatedCrash extends Error {
        SimulatedCrash(Failpoint at) {
            super("simulated crash at " + at);
        }
    }

    final Path dir;
    final Storage root;
    Graph graph;
    GraphModel model;
    private long freshIds;
    /** What happened to each crashed change, for the statistics jqwik prints. */
    String lastOutcome = "";
    /** The branch {@link #graph} is open on; {@link #model} is that branch's model. */
    String branch = CatalogSnapshot.MAIN;
    /** The models of the other branches, by name. */
    final Map<String, GraphModel> others = new TreeMap<>();
    /** The content of the newest common ancestor of main and the other branch (chains with one other branch). */
    GraphModel mergeBase;

    GraphChain() {
        try {
            dir = Files.createTempDirectory("plainlance-graph-chain-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        root = new LocalStorage(dir);
        graph = Graph.init(root, GraphFixtures.resource("test.pg"), "test.pg", OPTIONS, "chain");
        model = GraphModel.empty();
        GraphModel start = model.begin();
        start.put(GraphOp.personEntity("Ann", 30));
        start.put(GraphOp.personEntity("Bob", null));
        start.put(GraphOp.companyEntity("Acme"));
        start.put(GraphOp.knows("k0", "Ann", "Bob", GraphOp.since(3)));
        start.put(GraphOp.worksAt("w0", "Ann", "Acme"));
        GraphFixtures.load(graph, """
                {"type":"Person","data":{"name":"Ann","age":30}}
                {"type":"Person","data":{"name":"Bob"}}
                {"type":"Company","data":{"name":"Acme"}}
                {"edge":"Knows","id":"k0","from":"Ann","to":"Bob","data":{"since":"2020-01-04"}}
                {"edge":"WorksAt","id":"w0","from":"Ann","to":"Acme"}
                """, LoadMode.APPEND);
        model = start;
        checkInvariants();
    }

    /** A new edge id for loads. */
    String freshEdgeId() {
        return "L" + freshIds++;
    }

    /** What one change did, as its writer saw it. */
    record Outcome<T>(Optional<T> result, boolean crashed) {}

    /**
     * Runs {@code change} (which publishes at most one commit) and brings the graph and the model to the same state:
     * {@code after} when it was acknowledged, {@code before} or {@code after} (and exactly one of them) when it
     * crashed at {@code crash} and a later read-write open recovered it. Checks the commit log too.
     */
    <T> Outcome<T> commitCrashing(
            String what,
            GraphModel before,
            GraphModel after,
            Optional<Crash> crash,
            Optional<Crash> recoveryCrash,
            Supplier<T> change) {
        return commitCrashing(what, before, after, crash, recoveryCrash, change, true);
    }

    /** As above; {@code logged} false leaves the log unchecked (a merge may publish a commit without writes). */
    <T> Outcome<T> commitCrashing(
            String what,
            GraphModel before,
            GraphModel after,
            Optional<Crash> crash,
            Optional<Crash> recoveryCrash,
            Supplier<T> change,
            boolean logged) {
        List<GraphCommit> logBefore = graph.log();
        Optional<T> result = Optional.empty();
        boolean crashed = false;
        List<Failpoint> hits = new ArrayList<>();
        try (Failpoints.Scope scope = crash.map(c -> crashAt(c, hits)).orElse(() -> {})) {
            result = Optional.of(change.get());
        } catch (Throwable t) {
            if (!(t instanceof SimulatedCrash) && !crashedHere(t)) {
                throw t;
            }
            crashed = true;
        }
        if (!crashed) {
            model = after;
            if (logged) {
                checkLog(what, logBefore, after, true);
            }
            lastOutcome = "acknowledged";
            return new Outcome<>(result, false);
        }
        try {
            graph.close();
        } catch (RuntimeException | Error ignored) {
            // the dead process's handles
        }
        graph = null;
        try (Graph reader = Graph.open(root, OpenMode.READ_ONLY, OPTIONS, branch)) {
            GraphModel seen = GraphModel.read(reader.snapshot());
            assertTrue(
                    seen.equals(before) || seen.equals(after),
                    what + " crashed at " + crash.get() + ": a reader sees neither the state before nor after it:\n  "
                            + seen + "\nbefore " + before + "\nafter  " + after);
        }
        if (recoveryCrash.isPresent()) {
            try (Failpoints.Scope scope = crashAt(recoveryCrash.get())) {
                Graph.open(root, OpenMode.READ_WRITE, OPTIONS, branch).close();
            } catch (SimulatedCrash expected) {
                // recovery died too; the next open finishes it
            }
        }
        graph = Graph.open(root, OpenMode.READ_WRITE, OPTIONS, branch);
        assertEquals(List.of(), graph.catalog().pendingSidecars(), "a read-write open leaves no pending operation");
        GraphModel seen = GraphModel.read(graph.snapshot());
        String where = what + " crashed at " + crash.get()
                + recoveryCrash.map(c -> ", recovery at " + c).orElse("");
        long committed = tablesCommitted(hits);
        if (committed == after.tablesWritten()) {
            assertEquals(after, seen, where + ": all " + committed + " tables committed, so recovery rolls forward");
        } else {
            assertEquals(
                    before,
                    seen,
                    where + ": " + committed + " of " + after.tablesWritten()
                            + " tables committed, so recovery rolls back");
        }
        boolean forward = seen.equals(after);
        lastOutcome = before.equals(after) ? "crashed, no change" : forward ? "rolled forward" : "rolled back";
        model = forward ? after : before;
        if (logged && forward && !before.equals(after)) {
            checkLog(where, logBefore, after, false);
        }
        return new Outcome<>(Optional.empty(), true);
    }

    /** The handler raised the crash, but a {@code finally} on the way out replaced it with another throwable. */
    private static boolean crashedHere(Throwable t) {
        for (Throwable s : t.getSuppressed()) {
            if (s instanceof SimulatedCrash) {
                return true;
            }
        }
        return t.getCause() instanceof SimulatedCrash;
    }

    /**
     * How many tables a commit that passed the failpoints {@code hits} (the last one where it died) committed: the
     * table manifests written after its intent sidecar and before its catalog publish.
     */
    static long tablesCommitted(List<Failpoint> hits) {
        int sidecar = hits.indexOf(RecoveryFailpoints.SIDECAR_WRITTEN);
        if (sidecar < 0) {
            return 0;
        }
        // the first publish after the sidecar (a branch's first write publishes its fork before it)
        int publish = hits.subList(sidecar, hits.size()).indexOf(CatalogFailpoints.PUBLISH_CHECKED);
        return hits.subList(sidecar, publish < 0 ? hits.size() : sidecar + publish).stream()
                .filter(p -> p == DatasetFailpoints.MANIFEST_WRITTEN)
                .count();
    }

    static Failpoints.Scope crashAt(Crash crash) {
        return crashAt(crash, new ArrayList<>());
    }

    /** Crashes at the {@code n}th hit of the crash's failpoint, noting in {@code hits} every failpoint reached. */
    static Failpoints.Scope crashAt(Crash crash, List<Failpoint> hits) {
        int[] seen = {0};
        return Failpoints.install(p -> {
            hits.add(p);
            if (p == crash.point() && ++seen[0] == crash.n()) {
                throw new SimulatedCrash(p);
            }
        });
    }

    /**
     * A change that writes publishes exactly one commit, the newest, carrying its change counts; one that writes
     * nothing publishes none. After a crash only the counts are checked (recovery publishes the commit).
     */
    private void checkLog(String what, List<GraphCommit> logBefore, GraphModel after, boolean acknowledged) {
        List<GraphCommit> log = graph.log();
        if (!after.writes()) {
            assertEquals(logBefore, log, what + " writes nothing, so it publishes no commit");
            return;
        }
        GraphCommit head = log.get(0);
        assertEquals(after.counts(), head.changes(), what + ": the change counts of its commit");
        if (acknowledged) {
            assertEquals(logBefore.size() + 1, log.size(), what + " publishes one commit");
            assertEquals(logBefore.get(0).id(), head.parents().get(0), what + ": its commit follows the old head");
        }
        assertNotEquals(logBefore.get(0).id(), head.id());
    }

    /**
     * The graph equals the model on every branch, has no dangling edge, its pins count its rows, and its log is one
     * chain (each commit's first parent is the next older one; only merges have a second).
     */
    void checkInvariants() {
        GraphModel stored = GraphModel.read(graph.snapshot());
        assertEquals(model, stored, "the graph on " + branch + " equals the model");
        assertEquals(List.of(), stored.dangling(), "no edge without its nodes");
        for (Map.Entry<String, GraphModel> other : others.entrySet()) {
            try (Graph on = graph.checkout(other.getKey())) {
                assertEquals(other.getValue(), GraphModel.read(on.snapshot()), "the graph on " + other.getKey());
            }
        }
        List<GraphCommit> log = graph.log();
        if (others.isEmpty() && mergeBase == null) {
            for (int i = 0; i + 1 < log.size(); i++) {
                assertEquals(List.of(log.get(i + 1).id()), log.get(i).parents(), "the log is one chain");
            }
        }
        assertEquals(graph.snapshot().commitId(), log.get(0).id(), "the snapshot is at the newest commit");
    }

    /** Opens the graph on {@code name}, keeping the current branch's model with the others. */
    void switchTo(String name) {
        if (name.equals(branch)) {
            return;
        }
        GraphModel next = others.remove(name);
        others.put(branch, model);
        graph.close();
        graph = Graph.open(root, OpenMode.READ_WRITE, OPTIONS, name);
        branch = name;
        model = next;
    }

    @Override
    public void close() {
        try {
            if (graph != null) {
                graph.close();
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // a temporary directory
            }
        }
    }
}
