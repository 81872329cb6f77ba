package dev.plainlance.graph;

import dev.plainlance.catalog.Catalog;
import dev.plainlance.catalog.CatalogChange;
import dev.plainlance.catalog.CatalogCommit;
import dev.plainlance.catalog.CatalogSnapshot;
import dev.plainlance.catalog.ExpectedVersionMismatchException;
import dev.plainlance.catalog.PublishRequest;
import dev.plainlance.catalog.TableRef;
import dev.plainlance.graph.schema.EdgeType;
import dev.plainlance.graph.schema.GraphSchema;
import dev.plainlance.graph.schema.NodeType;
import dev.plainlance.graph.schema.Property;
import dev.plainlance.lance.commit.CommitConflictException;
import dev.plainlance.lance.env.Env;
import dev.plainlance.lance.error.LanceException;
import dev.plainlance.lance.error.NotFoundException;
import dev.plainlance.recovery.CatalogSession;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Merges one branch into another, by entity id, against their newest common ancestor commit.
 *
 * <p>Both branches' changes since the ancestor are read with {@link GraphDiff} (so the cost follows the changes, not
 * the graph). The source's changes are replayed on the target unless they conflict with the target's: an entity both
 * inserted with different values, a property both changed to different values, a delete against an update, an edge
 * pointing at a node the other side deleted, a {@code @unique} tuple both sides took, a {@code @card} bound the
 * combined edges break, or a value the target's schema no longer allows. Every conflict is reported at once and nothing
 * is written then; otherwise the result is one atomic commit on the target whose parents are both heads.
 */
final class GraphMerger {
    private final Graph target;
    private final CatalogSession session;
    private final String source;
    private final Env env;

    GraphMerger(Graph target, CatalogSession session, String source, Env env) {
        this.target = target;
        this.session = session;
        this.source = source;
        this.env = env;
    }

    MergeResult merge(String actor) {
        String into = target.branch();
        if (source.equals(into)) {
            throw new IllegalArgumentException("cannot merge branch " + source + " into itself");
        }
        CatalogSnapshot state = session.snapshot();
        String sourceHead = head(state, source);
        String targetHead = head(state, into);
        if (sourceHead.equals(targetHead)) {
            return upToDate(sourceHead, targetHead);
        }
        Ancestry ancestry = mergeBase(session.catalog(), state, sourceHead, targetHead);
        CatalogCommit base = ancestry.base();
        if (base.id().equals(sourceHead)) {
            return upToDate(base.id(), targetHead);
        }
        boolean fastForward = base.id().equals(targetHead);
        GraphSnapshot ancestor = target.snapshotOf(
                session.catalog().view(session.catalog().snapshotAt(base.manifestVersion()), base.branch()));
        GraphSnapshot theirs = target.snapshotOf(session.catalog().view(state, source));
        GraphSnapshot ours = target.snapshotOf(session.catalog().view(state, into));
        boolean checkValues = checkSchemas(ancestor.schema(), theirs.schema(), ours.schema());
        GraphDiff theirChanges = GraphDiff.between(ancestor, theirs, env);
        if (fastForward
                && theirChanges.changes().isEmpty()
                && ancestry.commits().get(sourceHead).parents().contains(targetHead)) {
            // the source only merged this branch in since: nothing to bring back, and no merge commit to ping-pong
            return upToDate(base.id(), targetHead);
        }
        GraphDiff ourChanges = fastForward
                ? new GraphDiff(base.id(), targetHead, List.of(), 0, Map.of(), Map.of())
                : GraphDiff.between(ancestor, ours, env);
        long rowsRead = theirChanges.rowsRead() + ourChanges.rowsRead();

        Plan plan = plan(theirChanges, ourChanges, ours.schema(), checkValues);
        try (TransactionState change = new TransactionState(ours)) {
            plan.puts.forEach(
                    (e, replaces) -> change.putMerged(e, replaces, plan.hints.get(GraphDiff.key(e.type(), e.id()))));
            plan.deletes.forEach(
                    e -> change.removeMerged(e.type(), e.id(), plan.hints.get(GraphDiff.key(e.type(), e.id()))));
            if (!plan.conflicts.isEmpty() || !change.isEmpty()) {
                change.cardinalityViolations()
                        .forEach(v -> plan.conflicts.add(new MergeConflict(
                                MergeConflict.Kind.CARDINALITY_VIOLATION, v.type(), v.entity(), v.getMessage())));
            }
            if (!plan.conflicts.isEmpty()) {
                throw new MergeConflictException(source, into, plan.conflicts);
            }
            String message = "merge " + source + " into " + into;
            CatalogCommit commit;
            try {
                commit = change.commit(session, actor, message, Optional.of(sourceHead));
            } catch (CommitConflictException | ExpectedVersionMismatchException e) {
                throw new GraphConflictException("merge of " + source + " into " + into + " lost to a writer of " + into
                        + ", nothing of it is visible; run it again: " + e.getMessage());
            }
            return new MergeResult(
                    fastForward ? MergeResult.Outcome.FAST_FORWARD : MergeResult.Outcome.MERGED,
                    source,
                    into,
                    base.id(),
                    commit.id(),
                    plan.counts(),
                    rowsRead);
        }
    }

    private MergeResult upToDate(String baseCommit, String targetHead) {
        return new MergeResult(
                MergeResult.Outcome.ALREADY_UP_TO_DATE,
                source,
                target.branch(),
                baseCommit,
                targetHead,
                new TreeMap<>(),
                0);
    }

    private String head(CatalogSnapshot state, String branch) {
        if (!branch.equals(CatalogSnapshot.MAIN) && !state.branches().contains(branch)) {
            throw new NotFoundException("no branch " + branch + " in the graph at "
                    + session.catalog().root().describe(""));
        }
        return state.headOf(branch).orElseThrow(() -> new NotFoundException("branch " + branch + " has no head"));
    }

    /** The newest common ancestor of two heads, and every commit read to find it (both heads among them). */
    record Ancestry(CatalogCommit base, Map<String, CatalogCommit> commits) {}

    /**
     * The newest commit both heads descend from: the commit history is walked from the newest catalog state down,
     * marking each commit with the heads it is reachable from, so only the states since the fork point are read.
     *
     * @throws NotFoundException when cleanup removed the states that would hold it
     */
    static Ancestry mergeBase(Catalog catalog, CatalogSnapshot state, String sourceHead, String targetHead) {
        Map<String, CatalogCommit> read = new HashMap<>();
        Map<String, Integer> reachedFrom = new HashMap<>();
        reachedFrom.put(sourceHead, 1);
        reachedFrom.merge(targetHead, 2, (a, b) -> a | b);
        List<Long> stored = catalog.stateVersions();
        for (int i = stored.size() - 1; i >= 0; i--) {
            long version = stored.get(i);
            if (version > state.manifestVersion()) {
                continue;
            }
            CatalogCommit commit = version == state.manifestVersion()
                    ? state.head()
                    : catalog.snapshotAt(version).head();
            read.put(commit.id(), commit);
            Integer from = reachedFrom.get(commit.id());
            if (from == null) {
                continue;
            }
            if (from == 3) {
                return new Ancestry(commit, read);
            }
            for (String parent : commit.parents()) {
                reachedFrom.merge(parent, from, (a, b) -> a | b);
            }
        }
        throw new NotFoundException("commits " + sourceHead + " and " + targetHead
                + " have no common ancestor among the stored commits (cleanup may have removed it)");
    }

    /**
     * Whether the source's values must be checked against the target's schema: when the target's schema differs from
     * the others only in constraints. Any other difference of schemas is refused.
     */
    private boolean checkSchemas(GraphSchema ancestor, GraphSchema theirs, GraphSchema ours) {
        if (theirs.contentHash().equals(ours.contentHash())) {
            return false;
        }
        if (theirs.contentHash().equals(ancestor.contentHash()) && sameTables(theirs, ours)) {
            return true;
        }
        throw new LanceException("cannot merge " + source + " into " + target.branch() + ": their schemas differ ("
                + theirs.contentHash().substring(0, 12) + " and "
                + ours.contentHash().substring(0, 12)
                + "); apply the same schema to both first");
    }

    private static boolean sameTables(GraphSchema a, GraphSchema b) {
        if (a.nodes().size() != b.nodes().size()
                || a.edges().size() != b.edges().size()) {
            return false;
        }
        for (NodeType node : a.nodes()) {
            Optional<NodeType> other = b.node(node.name());
            if (other.isEmpty()
                    || !layout(dev.plainlance.graph.schema.TableMapping.nodeTable(node))
                            .equals(layout(dev.plainlance.graph.schema.TableMapping.nodeTable(other.get())))) {
                return false;
            }
        }
        for (EdgeType edge : a.edges()) {
            Optional<EdgeType> other = b.edge(edge.name());
            if (other.isEmpty()
                    || !layout(dev.plainlance.graph.schema.TableMapping.edgeTable(edge))
                            .equals(layout(dev.plainlance.graph.schema.TableMapping.edgeTable(other.get())))) {
                return false;
            }
        }
        return true;
    }

    /** A table's columns without the metadata that records annotations: what a row of it holds. */
    private static List<String> layout(org.apache.arrow.vector.types.pojo.Schema schema) {
        return schema.getFields().stream()
                .map(f -> f.getName() + ":" + f.getType() + ":" + f.isNullable() + ":" + f.getChildren())
                .toList();
    }

    /** What a merge writes, and what stops it. */
    private static final class Plan {
        final Map<Entity, Boolean> puts = new LinkedHashMap<>();
        final List<Entity> deletes = new ArrayList<>();
        /** Where the target may hold the rows the merge replaces or deletes, by {@link GraphDiff#key}. */
        final Map<String, Long> hints = new HashMap<>();

        final List<MergeConflict> conflicts = new ArrayList<>();
        final SortedMap<String, ChangeCounts> counts = new TreeMap<>();

        void put(Entity entity, boolean replaces) {
            puts.put(entity, replaces);
            counts.merge(
                    entity.type(),
                    replaces ? new ChangeCounts(0, 1, 0) : new ChangeCounts(1, 0, 0),
                    ChangeCounts::plus);
        }

        void delete(Entity entity) {
            deletes.add(entity);
            counts.merge(entity.type(), new ChangeCounts(0, 0, 1), ChangeCounts::plus);
        }

        SortedMap<String, ChangeCounts> counts() {
            return counts;
        }
    }

    private Plan plan(GraphDiff theirs, GraphDiff ours, GraphSchema schema, boolean checkValues) {
        Map<String, EntityChange> mine = new HashMap<>();
        ours.changes().forEach(c -> mine.put(c.type() + "\u0000" + c.id(), c));
        Plan plan = new Plan();
        // rows the target did not touch are where the ancestor held them; rows it rewrote, where it wrote them
        plan.hints.putAll(theirs.oldRows());
        plan.hints.putAll(ours.newRows());
        for (EntityChange change : theirs.changes()) {
            EntityChange other = mine.get(change.type() + "\u0000" + change.id());
            switch (change.kind()) {
                case INSERTED -> {
                    if (other == null) {
                        plan.put(change.after(), false);
                    } else if (other.after() == null || !other.after().sameAs(change.after())) {
                        plan.conflicts.add(conflict(
                                MergeConflict.Kind.DIVERGENT_INSERT,
                                change,
                                "both branches inserted it, with different values"));
                    }
                }
                case UPDATED -> {
                    if (other == null) {
                        plan.put(change.after(), true);
                    } else if (other.kind() == EntityChange.Kind.DELETED) {
                        plan.conflicts.add(conflict(
                                MergeConflict.Kind.DELETE_VS_UPDATE,
                                change,
                                source + " updated it, " + target.branch() + " deleted it"));
                    } else {
                        List<String> clashes = new ArrayList<>();
                        Entity merged = threeWay(change.before(), change.after(), other.after(), clashes);
                        if (!clashes.isEmpty()) {
                            plan.conflicts.add(conflict(
                                    MergeConflict.Kind.DIVERGENT_UPDATE,
                                    change,
                                    "both branches changed " + String.join(", ", clashes) + " to different values"));
                        } else if (!merged.sameAs(other.after())) {
                            plan.put(merged, true);
                        }
                    }
                }
                case DELETED -> {
                    if (other == null) {
                        plan.delete(change.before());
                    } else if (other.kind() == EntityChange.Kind.UPDATED) {
                        plan.conflicts.add(conflict(
                                MergeConflict.Kind.DELETE_VS_UPDATE,
                                change,
                                source + " deleted it, " + target.branch() + " updated it"));
                    }
                }
            }
        }
        orphans(theirs, ours, schema, plan);
        uniques(theirs, ours, schema, plan);
        if (checkValues) {
            values(plan, schema);
        }
        return plan;
    }

    private static MergeConflict conflict(MergeConflict.Kind kind, EntityChange change, String detail) {
        return new MergeConflict(kind, change.type(), change.id(), detail);
    }

    /**
     * The entity with each side's changes to {@code base}: a property (or endpoint) only one side changed takes that
     * side's value; one both changed to different values is a clash.
     */
    private static Entity threeWay(Entity base, Entity theirs, Entity ours, List<String> clashes) {
        Map<String, Object> values = new LinkedHashMap<>(ours.properties());
        for (String name : theirs.properties().keySet()) {
            Object b = base.get(name);
            Object t = theirs.get(name);
            Object o = ours.get(name);
            if (GraphValues.equal(t, b) || GraphValues.equal(t, o)) {
                continue;
            }
            if (GraphValues.equal(o, b)) {
                values.put(name, t);
            } else {
                clashes.add(name);
            }
        }
        String src = side(base.src(), theirs.src(), ours.src(), "from", clashes);
        String dst = side(base.dst(), theirs.dst(), ours.dst(), "to", clashes);
        return new Entity(ours.type(), ours.id(), src, dst, values);
    }

    private static String side(String base, String theirs, String ours, String name, List<String> clashes) {
        if (Objects.equals(theirs, base) || Objects.equals(theirs, ours)) {
            return ours;
        }
        if (Objects.equals(ours, base)) {
            return theirs;
        }
        clashes.add(name);
        return ours;
    }

    /** Edges either side wrote that would point at a node the other side deleted. */
    private void orphans(GraphDiff theirs, GraphDiff ours, GraphSchema schema, Plan plan) {
        Set<String> theyDeleted = deletedNodes(theirs, schema);
        Set<String> weDeleted = deletedNodes(ours, schema);
        orphanEdges(theirs, schema, weDeleted, target.branch(), plan);
        orphanEdges(ours, schema, theyDeleted, source, plan);
    }

    private static Set<String> deletedNodes(GraphDiff diff, GraphSchema schema) {
        Set<String> out = new HashSet<>();
        for (EntityChange c : diff.changes()) {
            if (c.kind() == EntityChange.Kind.DELETED && schema.node(c.type()).isPresent()) {
                out.add(c.type() + "\u0000" + c.id());
            }
        }
        return out;
    }

    private static void orphanEdges(
            GraphDiff writer, GraphSchema schema, Set<String> deletedByOther, String other, Plan plan) {
        for (EntityChange c : writer.changes()) {
            Optional<EdgeType> edge = schema.edge(c.type());
            if (c.after() == null || edge.isEmpty()) {
                continue;
            }
            List<String> gone = new ArrayList<>();
            if (deletedByOther.contains(edge.get().from() + "\u0000" + c.after().src())) {
                gone.add(edge.get().from() + " " + c.after().src());
            }
            if (deletedByOther.contains(edge.get().to() + "\u0000" + c.after().dst())) {
                gone.add(edge.get().to() + " " + c.after().dst());
            }
            if (!gone.isEmpty()) {
                plan.conflicts.add(new MergeConflict(
                        MergeConflict.Kind.ORPHAN_EDGE,
                        c.type(),
                        c.id(),
                        c.after().src() + " -> " + c.after().dst() + ": " + String.join(" and ", gone) + " deleted on "
                                + other));
            }
        }
    }

    /** Entities the two sides wrote that would share a {@code @unique} tuple (tuples holding a null are not compared). */
    private void uniques(GraphDiff theirs, GraphDiff ours, GraphSchema schema, Plan plan) {
        Map<String, List<Entity>> theirWrites = writes(theirs);
        Map<String, List<Entity>> ourWrites = writes(ours);
        for (Map.Entry<String, List<Entity>> entry : theirWrites.entrySet()) {
            List<List<String>> tuples = uniquesOf(schema, entry.getKey());
            for (List<String> tuple : tuples) {
                Map<List<Object>, Entity> taken = new HashMap<>();
                for (Entity e : ourWrites.getOrDefault(entry.getKey(), List.of())) {
                    values(e, tuple).ifPresent(v -> taken.put(v, e));
                }
                for (Entity e : entry.getValue()) {
                    Optional<List<Object>> v = values(e, tuple);
                    Entity clash = v.map(taken::get).orElse(null);
                    if (clash != null && !clash.id().equals(e.id())) {
                        plan.conflicts.add(new MergeConflict(
                                MergeConflict.Kind.UNIQUE_VIOLATION,
                                e.type(),
                                e.id(),
                                "@unique(" + String.join(", ", tuple) + ") = " + v.get() + " is taken by " + clash.id()
                                        + " on " + target.branch()));
                    }
                }
            }
        }
    }

    private static Map<String, List<Entity>> writes(GraphDiff diff) {
        Map<String, List<Entity>> out = new HashMap<>();
        for (EntityChange c : diff.changes()) {
            if (c.after() != null) {
                out.computeIfAbsent(c.type(), t -> new ArrayList<>()).add(c.after());
            }
        }
        return out;
    }

    private static List<List<String>> uniquesOf(GraphSchema schema, String type) {
        Optional<NodeType> node = schema.node(type);
        if (node.isPresent()) {
            return node.get().uniques();
        }
        return schema.edge(type).map(EdgeType::uniques).orElse(List.of());
    }

    private static Optional<List<Object>> values(Entity e, List<String> tuple) {
        List<Object> out = new ArrayList<>();
        for (String name : tuple) {
            Object v = name.equals("src") ? e.src() : name.equals("dst") ? e.dst() : e.get(name);
            if (v == null) {
                return Optional.empty();
            }
            out.add(v instanceof byte[] bytes ? java.util.HexFormat.of().formatHex(bytes) : v);
        }
        return Optional.of(out);
    }

    /** Values the source wrote that the target's schema no longer allows. */
    private static void values(Plan plan, GraphSchema schema) {
        for (Entity e : plan.puts.keySet()) {
            List<Property> properties = schema.node(e.type())
                    .map(NodeType::properties)
                    .orElseGet(() -> schema.edge(e.type()).orElseThrow().properties());
            for (Property p : properties) {
                Object value = e.get(p.name());
                String problem = value == null
                        ? (p.nullable() ? null : "property " + p.name() + " is required")
                        : GraphValues.constraintProblem(value, p);
                if (problem != null) {
                    plan.conflicts.add(new MergeConflict(
                            MergeConflict.Kind.VALUE_CONSTRAINT_VIOLATION,
                            e.type(),
                            e.id(),
                            p.name() + ": " + problem));
                }
            }
        }
    }

    /** Publishes a merge that changes no table: a commit of the target with both heads as parents. */
    static CatalogCommit recordMerge(
            CatalogSession session,
            GraphSnapshot base,
            Collection<String> readTables,
            String actor,
            String message,
            String mergedFrom) {
        Map<TableRef, Long> expected = new TreeMap<>();
        for (String key : readTables) {
            expected.put(new TableRef(base.branch(), key), base.view().state().pinnedVersion(base.branch(), key));
        }
        try {
            return session.catalog()
                    .publish(PublishRequest.of(
                            List.of(new CatalogChange.MergeParent(base.branch(), mergedFrom)),
                            expected,
                            actor,
                            message))
                    .snapshot()
                    .head();
        } catch (ExpectedVersionMismatchException e) {
            throw new CommitConflictException("merge lost to a writer of " + base.branch() + ": " + e.getMessage());
        }
    }
}
