package dev.plainlance.graph;

import dev.plainlance.catalog.ExpectedVersionMismatchException;
import dev.plainlance.lance.commit.CommitConflictException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One atomic change to the graph: any mix of node inserts, upserts, updates and deletes and edge inserts and
 * deletes, across types, published by {@link #commit()} as one multi-table commit. Deleting a node deletes its
 * edges of every edge type. Reads through the transaction ({@link #node}, {@link #list}) see its own writes.
 *
 * <p>Each call is checked at once against the graph as the transaction sees it and fails with a
 * {@link ConstraintViolationException} without changing the transaction. The calls are kept as values: when another
 * writer commits first, {@link #commit()} replays them on the newer graph (checking them again) and tries again, a
 * bounded number of times, then throws {@link GraphConflictException}. With {@link #ifCommit} it never replays: a
 * graph that moved is a {@link PreconditionFailedException}.
 *
 * <p>Not thread-safe; one transaction commits at most once.
 */
public final class GraphTransaction implements AutoCloseable {
    /**
     * How many times a commit that lost to another writer (or found a table held by one) is replayed on the newer
     * graph.
     */
    public static final int DEFAULT_CONFLICT_RETRIES = 8;

    private final Graph graph;
    private final String actor;
    private final List<Step> steps = new ArrayList<>();
    private String message = "graph transaction";
    private Optional<String> ifCommit = Optional.empty();
    private int conflictRetries = DEFAULT_CONFLICT_RETRIES;
    private TransactionState state;
    private boolean done;

    GraphTransaction(Graph graph, String actor) {
        this.graph = graph;
        this.actor = Objects.requireNonNull(actor, "actor");
        this.state = new TransactionState(graph.snapshot());
    }

    /** One recorded call. */
    @FunctionalInterface
    interface Step {
        Object apply(TransactionState state);
    }

    private Object run(Step step) {
        if (done) {
            throw new IllegalStateException("this transaction has already committed or closed");
        }
        Object result = state.attempt(step);
        steps.add(step);
        return result;
    }

    /** Inserts a node; its key must not exist yet. Returns its id. */
    public String insert(String type, Map<String, ?> properties) {
        Map<String, Object> copy = copy(properties);
        String fresh = graph.ids().next();
        return (String) run(s -> s.putNode(type, copy, fresh, TransactionState.Put.INSERT));
    }

    /** Inserts a node, or replaces every property of the node with the same key. Returns its id. */
    public String upsert(String type, Map<String, ?> properties) {
        Map<String, Object> copy = copy(properties);
        String fresh = graph.ids().next();
        return (String) run(s -> s.putNode(type, copy, fresh, TransactionState.Put.UPSERT));
    }

    /**
     * Sets properties of the nodes of {@code type} matching the SQL {@code where} (all when null). Key properties
     * cannot change. Returns how many nodes it updated.
     */
    public long update(String type, String where, Map<String, ?> set) {
        Map<String, Object> copy = copy(set);
        return (Long) run(s -> s.updateNodes(type, where, copy));
    }

    /** Deletes the nodes of {@code type} matching the SQL {@code where}, with their edges. Returns how many. */
    public long delete(String type, String where) {
        return (Long) run(s -> s.deleteNodes(type, Objects.requireNonNull(where, "where")));
    }

    /** Inserts an edge from node id {@code from} to node id {@code to}; both must exist. Returns the edge's id. */
    public String insertEdge(String type, String from, String to, Map<String, ?> properties) {
        Map<String, Object> copy = copy(properties);
        String id = graph.ids().next();
        return (String) run(s -> s.insertEdge(type, id, from, to, copy));
    }

    /** Deletes the edges of {@code type} matching the SQL {@code where}. Returns how many. */
    public long deleteEdges(String type, String where) {
        return (Long) run(s -> s.deleteEdges(type, Objects.requireNonNull(where, "where")));
    }

    /** The node of {@code type} with {@code id} as this transaction sees it. */
    public Optional<Entity> node(String type, String id) {
        return state.node(type, id);
    }

    /** The nodes or edges of {@code type} matching {@code where} (all when null) as this transaction sees them. */
    public List<Entity> list(String type, String where) {
        return state.list(type, where);
    }

    /** The commit message (default {@code graph transaction}). */
    public GraphTransaction message(String text) {
        this.message = Objects.requireNonNull(text, "message");
        return this;
    }

    /**
     * Makes the commit conditional: it lands only if no commit that changed the graph landed since {@code commitId}
     * (any such commit, of any type, fails it with {@link PreconditionFailedException}); commits that change no
     * node or edge (another writer's attempt rolled back, a compaction) do not count. The transaction replays its
     * calls on that commit's graph first.
     */
    public GraphTransaction ifCommit(String commitId) {
        this.ifCommit = Optional.of(commitId);
        if (!state.base().commitId().equals(commitId)) {
            GraphSnapshot at = graph.at(commitId);
            state = replay(at);
        }
        return this;
    }

    /** How many times a commit that lost to another writer is replayed (default {@value #DEFAULT_CONFLICT_RETRIES}). */
    public GraphTransaction withConflictRetries(int retries) {
        if (retries < 0) {
            throw new IllegalArgumentException("conflict retries must not be negative: " + retries);
        }
        this.conflictRetries = retries;
        return this;
    }

    /**
     * Publishes every call as one commit.
     *
     * @return the commit, or the graph's head unchanged when the calls change nothing
     * @throws GraphConflictException when other writers kept winning, or kept a table at a version they had not
     *     published yet (a writer between its table commits and its publish, or one that died there and whose lease
     *     has not run out)
     * @throws PreconditionFailedException when a commit that changed the graph landed since the {@link #ifCommit}
     *     commit
     * @throws ConstraintViolationException when a replay on a newer graph finds a call no longer valid
     */
    public GraphCommit commit() {
        if (done) {
            throw new IllegalStateException("this transaction has already committed or closed");
        }
        done = true;
        try {
            for (int attempt = 0; ; attempt++) {
                if (ifCommit.isPresent()) {
                    GraphSnapshot head = graph.snapshot();
                    if (!head.commitId().equals(state.base().commitId())) {
                        if (changedSince(state.base().commitId())
                                || !head.schema()
                                        .contentHash()
                                        .equals(state.base().schema().contentHash())) {
                            throw new PreconditionFailedException(ifCommit.get(), head.commitId());
                        }
                        state = replay(head); // the same nodes and edges, at newer table versions
                    }
                    // a commit landing from now on, to any table, must fail this one too
                    state.expectEveryTable();
                }
                try {
                    return GraphCommitter.toGraphCommit(state.commit(graph.catalog(), actor, message));
                } catch (CommitConflictException | ExpectedVersionMismatchException e) {
                    // a mismatch: a table's newest version is not published yet (another writer is between its
                    // table commits and its publish, or died there); nothing of this commit is visible
                    if (attempt >= conflictRetries) {
                        throw new GraphConflictException("graph transaction lost to other writers " + (attempt + 1)
                                + " times; last: " + e.getMessage());
                    }
                    backoff(attempt);
                    if (ifCommit.isEmpty()) {
                        state = replay(graph.snapshot());
                    }
                }
            }
        } finally {
            state.close();
        }
    }

    /**
     * Whether a commit after {@code commitId} changed nodes or edges (carries change counts); true when that commit is
     * no longer in the log.
     */
    private boolean changedSince(String commitId) {
        for (GraphCommit commit : graph.log()) {
            if (commit.id().equals(commitId)) {
                return false;
            }
            if (!commit.changes().isEmpty()) {
                return true;
            }
        }
        return true;
    }

    private TransactionState replay(GraphSnapshot base) {
        state.close();
        TransactionState fresh = new TransactionState(base);
        for (Step step : steps) {
            fresh.attempt(step);
        }
        return fresh;
    }

    private static void backoff(int attempt) {
        try {
            Thread.sleep(Math.min(200, 2L << attempt) + (long) (Math.random() * 5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GraphConflictException("interrupted while waiting to retry a graph transaction");
        }
    }

    private static Map<String, Object> copy(Map<String, ?> properties) {
        return new java.util.LinkedHashMap<>(properties == null ? Map.of() : properties);
    }

    /** Drops the transaction's uncommitted calls. */
    @Override
    public void close() {
        if (!done) {
            done = true;
            state.close();
        }
    }
}
