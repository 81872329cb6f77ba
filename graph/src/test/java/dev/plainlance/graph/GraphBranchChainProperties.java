package dev.plainlance.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.plainlance.catalog.CatalogSnapshot;
import dev.plainlance.graph.GraphChain.Crash;
import dev.plainlance.lance.failpoint.Failpoint;
import dev.plainlance.recovery.RecoveryFailpoints;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.state.Action;
import net.jqwik.api.state.ActionChain;
import net.jqwik.api.state.Transformer;

/**
 * Model-based crash testing of graph branches: chains that create a branch {@code dev} from main, write on either
 * branch (each write maybe crashing at a failpoint of its commit, including the first write's fork of a table onto the
 * branch's own Lance branch), merge one branch into the other (maybe crashing inside the merge's commit), and delete
 * the branch. After every step both branches equal their models; a merge equals the model's three-way merge of the
 * two models against their common ancestor, or is refused exactly when that merge conflicts (or leaves an edge
 * without its node), writing nothing.
 */
class GraphBranchChainProperties {
    static final String DEV = "dev";

    @Property(tries = 8)
    void branchesAndMergesAreAtomicUnderCrashes(@ForAll("chains") ActionChain<GraphChain> chain) {
        run(chain);
    }

    @Property(tries = 300)
    @AddLifecycleHook(GraphActionChainProperties.CampaignOnly.class)
    void branchesAndMergesAreAtomicCampaign(@ForAll("longChains") ActionChain<GraphChain> chain) {
        run(chain);
    }

    private static void run(ActionChain<GraphChain> chain) {
        try {
            chain.withInvariant("every branch equals its model", GraphChain::checkInvariants)
                    .run();
        } finally {
            chain.finalState().ifPresent(GraphChain::close);
        }
    }

    @Provide
    Arbitrary<ActionChain<GraphChain>> chains() {
        return ActionChain.startWith(GraphChain::new).withAction(new Step()).withMaxTransformations(10);
    }

    @Provide
    Arbitrary<ActionChain<GraphChain>> longChains() {
        return ActionChain.startWith(GraphChain::new).withAction(new Step()).withMaxTransformations(30);
    }

    /** The failpoints of a commit on a branch: those of any commit plus the fork of a table's first write. */
    static final List<Failpoint> POINTS = Stream.concat(
                    GraphChain.WRITER_POINTS.stream(), RecoveryFailpoints.BRANCHING.stream())
            .toList();

    static Arbitrary<Optional<Crash>> crashes() {
        Arbitrary<Crash> at = Combinators.combine(
                        Arbitraries.of(POINTS), Arbitraries.frequency(Tuple.of(3, 1), Tuple.of(1, 2)))
                .as(Crash::new);
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.just(Optional.<Crash>empty())), Tuple.of(2, at.map(Optional::of)));
    }

    /** Writes on either branch (most often), merges both ways, switching branches, creating and deleting dev. */
    static final class Step implements Action.Independent<GraphChain> {
        @Override
        public Arbitrary<Transformer<GraphChain>> transformer() {
            Arbitrary<Transformer<GraphChain>> write = Combinators.combine(
                            GraphActionChainProperties.ops().list().ofMinSize(1).ofMaxSize(3),
                            crashes(),
                            GraphActionChainProperties.recoveryCrashes())
                    .as(GraphAction.Transact::new)
                    .map(t -> Transformer.mutate(t.toString(), t::apply));
            Arbitrary<Transformer<GraphChain>> merge = crashes()
                    .map(c -> Transformer.mutate(
                            "merge" + c.map(x -> " crashing at " + x).orElse(""), chain -> merge(chain, c)));
            Arbitrary<Transformer<GraphChain>> other =
                    Arbitraries.just(Transformer.mutate("switch branch", GraphBranchChainProperties::switchBranch));
            Arbitrary<Transformer<GraphChain>> create =
                    Arbitraries.just(Transformer.mutate("create dev", GraphBranchChainProperties::createDev));
            Arbitrary<Transformer<GraphChain>> delete =
                    Arbitraries.just(Transformer.mutate("delete dev", GraphBranchChainProperties::deleteDev));
            return Arbitraries.frequencyOf(
                    Tuple.of(6, write),
                    Tuple.of(3, merge),
                    Tuple.of(3, other),
                    Tuple.of(2, create),
                    Tuple.of(1, delete));
        }
    }

    static void createDev(GraphChain chain) {
        if (chain.branch.equals(DEV) || chain.others.containsKey(DEV)) {
            return;
        }
        chain.graph.createBranch(DEV, Optional.empty(), "chain");
        chain.others.put(DEV, chain.model);
        chain.mergeBase = chain.model;
    }

    static void deleteDev(GraphChain chain) {
        if (chain.branch.equals(DEV)) {
            chain.switchTo(CatalogSnapshot.MAIN);
        }
        if (!chain.others.containsKey(DEV)) {
            return;
        }
        chain.graph.deleteBranch(DEV, "chain");
        chain.others.remove(DEV);
    }

    static void switchBranch(GraphChain chain) {
        if (chain.branch.equals(DEV)) {
            chain.switchTo(CatalogSnapshot.MAIN);
        } else if (chain.others.containsKey(DEV)) {
            chain.switchTo(DEV);
        }
    }

    /** Merges the other branch into the current one, against the model's three-way merge. */
    static void merge(GraphChain chain, Optional<Crash> crash) {
        String source = chain.branch.equals(DEV) ? CatalogSnapshot.MAIN : DEV;
        if (!chain.others.containsKey(source)) {
            return;
        }
        GraphModel theirs = chain.others.get(source);
        GraphModel before = chain.model;
        Optional<GraphModel> merged = threeWay(chain.mergeBase, theirs, before);
        if (merged.isEmpty()) {
            String head = chain.graph.snapshot().commitId();
            assertThrows(MergeConflictException.class, () -> chain.graph.merge(source, "chain"));
            assertEquals(head, chain.graph.snapshot().commitId(), "a refused merge writes nothing");
            chain.lastOutcome = "merge refused";
            return;
        }
        GraphChain.Outcome<MergeResult> outcome = chain.commitCrashing(
                "merge " + source + " into " + chain.branch,
                before,
                merged.get(),
                crash,
                Optional.empty(),
                () -> chain.graph.merge(source, "chain"),
                false);
        GraphModel productBase = productBase(chain);
        if (outcome.result().isPresent()) {
            assertEquals(theirs, productBase, "after a merge the common ancestor is the merged head");
        } else if (chain.model.equals(before) && !before.equals(merged.get())) {
            assertEquals(chain.mergeBase, productBase, "a merge rolled back leaves the common ancestor");
        }
        chain.mergeBase = productBase;
        chain.lastOutcome = outcome.result().map(r -> r.outcome().name()).orElse("merge crashed");
    }

    /** The content of the newest common ancestor of main and dev, as the graph's commit history has it. */
    static GraphModel productBase(GraphChain chain) {
        CatalogSnapshot state = chain.graph.catalog().snapshot();
        dev.plainlance.catalog.CatalogCommit base = GraphMerger.mergeBase(
                        chain.graph.catalog().catalog(),
                        state,
                        state.headOf(CatalogSnapshot.MAIN).orElseThrow(),
                        state.headOf(DEV).orElseThrow())
                .base();
        return GraphModel.read(chain.graph.at(base.id()));
    }

    /**
     * The three-way merge of {@code theirs} into {@code ours} against {@code base}, entity by entity and, where both
     * changed one entity, property by property; empty when both changed something differently or the result has an
     * edge without its node.
     */
    static Optional<GraphModel> threeWay(GraphModel base, GraphModel theirs, GraphModel ours) {
        GraphModel out = ours.begin();
        for (String type : GraphModel.TYPES) {
            Set<String> ids = new TreeSet<>(base.entities(type).keySet());
            ids.addAll(theirs.entities(type).keySet());
            ids.addAll(ours.entities(type).keySet());
            List<String> deletes = new ArrayList<>();
            for (String id : ids) {
                Entity b = base.get(type, id);
                Entity t = theirs.get(type, id);
                Entity o = ours.get(type, id);
                if (same(t, b) || same(t, o)) {
                    continue;
                }
                if (same(o, b)) {
                    if (t == null) {
                        deletes.add(id);
                    } else {
                        out.put(t);
                    }
                    continue;
                }
                if (b == null || t == null || o == null) {
                    return Optional.empty();
                }
                Optional<Entity> props = properties(b, t, o);
                if (props.isEmpty()) {
                    return Optional.empty();
                }
                if (!props.get().sameAs(o)) {
                    out.put(props.get());
                }
            }
            for (String id : deletes) {
                out.deleteEdges(type, e -> e.id().equals(id));
            }
        }
        return out.dangling().isEmpty() ? Optional.of(out) : Optional.empty();
    }

    private static boolean same(Entity a, Entity b) {
        return a == null ? b == null : b != null && a.sameAs(b);
    }

    private static Optional<Entity> properties(Entity b, Entity t, Entity o) {
        Map<String, Object> values = new java.util.LinkedHashMap<>(o.properties());
        for (String name : t.properties().keySet()) {
            Object bv = b.get(name);
            Object tv = t.get(name);
            Object ov = o.get(name);
            if (GraphValues.equal(tv, bv) || GraphValues.equal(tv, ov)) {
                continue;
            }
            if (!GraphValues.equal(ov, bv)) {
                return Optional.empty();
            }
            values.put(name, tv);
        }
        if (!Objects.equals(t.src(), b.src()) && !Objects.equals(t.src(), o.src())
                || !Objects.equals(t.dst(), b.dst()) && !Objects.equals(t.dst(), o.dst())) {
            return Optional.empty();
        }
        return Optional.of(new Entity(o.type(), o.id(), o.src(), o.dst(), values));
    }
}
