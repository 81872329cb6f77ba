package dev.plainlance.graph;

import dev.plainlance.graph.GraphChain.Crash;
import dev.plainlance.recovery.RecoveryFailpoints;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;
import net.jqwik.api.state.Action;
import net.jqwik.api.state.ActionChain;
import net.jqwik.api.state.Transformer;
import net.jqwik.api.statistics.Statistics;

/**
 * Model-based crash testing of the graph: chains of transactions (upserts, inserts, updates, node deletes with their
 * edges, edge inserts and deletes, and calls that must be refused) and of merge or append loads over {@code test.pg},
 * each change maybe crashing the "process" at a failpoint of its commit (after staging, after the intent sidecar,
 * after each table's commit or its transaction file, at the catalog publish, after the publish) and the recovering
 * open maybe crashing too. After every step the graph, read through {@link Graph#snapshot()} for every type, equals
 * the model: the state after an acknowledged change, the state before a refused one, and for a crashed change
 * exactly one of the two: after exactly when every table it writes had committed before the crash (recovery rolls
 * it forward), before otherwise (recovery rolls it back), and a reader opening the graph before recovery sees one of
 * the two as well; no edge ever lacks a node, and the log is one chain whose newest commit carries the change's counts.
 *
 * <p>Failures shrink and print their seed; {@code @Property(seed = "...")} replays one. A longer campaign runs with
 * {@code -Dplainlance.graph.campaign=true}.
 */
class GraphActionChainProperties {
    /** Enables {@link #graphChangesAreAtomicCampaign}. */
    static final String CAMPAIGN = "plainlance.graph.campaign";

    @Property(tries = 5)
    void graphChangesAreAtomicUnderCrashes(@ForAll("chains") ActionChain<GraphChain> chain) {
        run(chain);
    }

    @Property(tries = 400)
    @AddLifecycleHook(CampaignOnly.class)
    void graphChangesAreAtomicCampaign(@ForAll("longChains") ActionChain<GraphChain> chain) {
        run(chain);
    }

    private static void run(ActionChain<GraphChain> chain) {
        try {
            chain.withInvariant("graph equals model", GraphChain::checkInvariants)
                    .peek(state -> {
                        if (!state.lastOutcome.isEmpty()) {
                            Statistics.label("outcome").collect(state.lastOutcome);
                        }
                    })
                    .run();
        } finally {
            chain.finalState().ifPresent(GraphChain::close);
        }
    }

    @Provide
    Arbitrary<ActionChain<GraphChain>> chains() {
        return ActionChain.startWith(GraphChain::new).withAction(new Step()).withMaxTransformations(5);
    }

    @Provide
    Arbitrary<ActionChain<GraphChain>> longChains() {
        return ActionChain.startWith(GraphChain::new).withAction(new Step()).withMaxTransformations(25);
    }

    /** Skips the campaign unless {@value #CAMPAIGN} is set. */
    static final class CampaignOnly implements SkipExecutionHook {
        @Override
        public SkipResult shouldBeSkipped(LifecycleContext context) {
            return Boolean.getBoolean(CAMPAIGN)
                    ? SkipResult.doNotSkip()
                    : SkipResult.skip("a long campaign: run with -D" + CAMPAIGN + "=true");
        }
    }

    /** Transactions (most often), loads and refused transactions. */
    static final class Step implements Action.Independent<GraphChain> {
        @Override
        public Arbitrary<Transformer<GraphChain>> transformer() {
            Arbitrary<GraphAction> transact = Combinators.combine(
                            ops().list().ofMinSize(1).ofMaxSize(5), crashes(), recoveryCrashes())
                    .as(GraphAction.Transact::new);
            Arbitrary<GraphAction> load = Combinators.combine(
                            Arbitraries.of(LoadMode.MERGE, LoadMode.APPEND),
                            lines().list().ofMinSize(1).ofMaxSize(4),
                            crashes(),
                            recoveryCrashes())
                    .as(GraphAction.Load::new);
            Arbitrary<GraphAction> refused =
                    Arbitraries.integers().between(0, 9).map(GraphAction.Refused::new);
            return Arbitraries.frequencyOf(Tuple.of(6, transact), Tuple.of(3, load), Tuple.of(1, refused))
                    .map(action -> Transformer.mutate(action.toString(), action::apply));
        }
    }

    static Arbitrary<GraphOp> ops() {
        Arbitrary<GraphOp.Kind> kinds = Arbitraries.frequency(
                Tuple.of(4, GraphOp.Kind.UPSERT_PERSON),
                Tuple.of(2, GraphOp.Kind.INSERT_PERSON),
                Tuple.of(2, GraphOp.Kind.UPSERT_COMPANY),
                Tuple.of(1, GraphOp.Kind.INSERT_COMPANY),
                Tuple.of(2, GraphOp.Kind.UPDATE_PERSONS),
                Tuple.of(1, GraphOp.Kind.UPDATE_KEY),
                Tuple.of(3, GraphOp.Kind.DELETE_PERSONS),
                Tuple.of(1, GraphOp.Kind.DELETE_COMPANY),
                Tuple.of(4, GraphOp.Kind.INSERT_KNOWS),
                Tuple.of(3, GraphOp.Kind.INSERT_WORKS_AT),
                Tuple.of(2, GraphOp.Kind.DELETE_KNOWS),
                Tuple.of(1, GraphOp.Kind.DELETE_WORKS_AT));
        return Combinators.combine(
                        kinds,
                        Arbitraries.integers().between(0, 10),
                        Arbitraries.integers().between(0, 5),
                        Arbitraries.integers().between(0, 3))
                .as(GraphOp::new);
    }

    static Arbitrary<GraphAction.Line> lines() {
        return Combinators.combine(
                        Arbitraries.of("Person", "Company", "Knows", "WorksAt"),
                        Arbitraries.integers().between(0, 4),
                        Arbitraries.integers().between(0, 5),
                        Arbitraries.integers().between(0, 3),
                        Arbitraries.integers().between(0, 4))
                .as(GraphAction.Line::new);
    }

    /**
     * No crash (shrinks to it) or a crash at a writer failpoint: its first hit mostly, a later hit of the points
     * passed once per table.
     */
    static Arbitrary<Optional<Crash>> crashes() {
        Arbitrary<Crash> at = Combinators.combine(
                        Arbitraries.of(GraphChain.WRITER_POINTS),
                        Arbitraries.frequency(Tuple.of(3, 1), Tuple.of(2, 2), Tuple.of(1, 3), Tuple.of(1, 4)))
                .as(Crash::new);
        return Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.just(Optional.<Crash>empty())), Tuple.of(3, at.map(Optional::of)));
    }

    /** Mostly no crash of the recovering open, sometimes at one of recovery's failpoints. */
    static Arbitrary<Optional<Crash>> recoveryCrashes() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.just(Optional.<Crash>empty())),
                Tuple.of(1, Arbitraries.of(RecoveryFailpoints.RECOVERY).map(p -> Optional.of(new Crash(p, 1)))));
    }
}
