package dev.plainlance.testkit;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.state.Action;
import net.jqwik.api.state.ActionChain;
import net.jqwik.api.state.Transformer;

/**
 * Stateful testing of {@code Catalog.publish} under transient storage faults (lesson 1 of
 * docs/multi-table-commits.md): chains of up to 10 publishes, each with a failed, unacknowledged or
 * unreachable-afterwards storage operation, or a twin publishing the same change first. A publish either succeeds
 * and shows, or fails with an expected-version mismatch and changes nothing; a retry that finds its own earlier
 * attempt (or its twin) already published succeeds. Failures shrink and print their seed.
 */
class CatalogPublishProperties {

    @Property(tries = 150)
    void aPublishIsDecidedOnceUnderTransientFaults(@ForAll("chains") ActionChain<PublishModel> chain) {
        try {
            chain.withInvariant("pins of decided publishes", PublishModel::checkInvariants)
                    .run();
        } finally {
            chain.finalState().ifPresent(PublishModel::close);
        }
    }

    @Provide
    Arbitrary<ActionChain<PublishModel>> chains() {
        return ActionChain.startWith(PublishModel::new).withAction(new Step()).withMaxTransformations(10);
    }

    /** A publish of one or both tables, fresh or stale, with a fault in its way. */
    static final class Step implements Action.Independent<PublishModel> {
        @Override
        public Arbitrary<Transformer<PublishModel>> transformer() {
            Arbitrary<StorageOp> ops =
                    Arbitraries.of(StorageOp.PUT_IF_ABSENT, StorageOp.STREAM_COMMIT, StorageOp.REPLACE);
            Arbitrary<Integer> counts = Arbitraries.integers().between(1, 3);
            Arbitrary<PublishAction.Fault> faults = Arbitraries.frequencyOf(
                    Tuple.of(1, Arbitraries.just(new PublishAction.Fault(PublishAction.Fault.Kind.NONE, null, 0))),
                    Tuple.of(
                            2,
                            Combinators.combine(ops, counts)
                                    .as((op, n) -> new PublishAction.Fault(PublishAction.Fault.Kind.FAIL, op, n))),
                    Tuple.of(
                            2,
                            ops.map(op ->
                                    new PublishAction.Fault(PublishAction.Fault.Kind.LOSE_ACKNOWLEDGEMENT, op, 1))),
                    Tuple.of(
                            3,
                            Combinators.combine(ops, counts)
                                    .as((op, n) -> new PublishAction.Fault(
                                            PublishAction.Fault.Kind.UNREACHABLE_AFTER, op, n))),
                    Tuple.of(
                            1,
                            Arbitraries.just(new PublishAction.Fault(PublishAction.Fault.Kind.TWIN_FIRST, null, 0))));
            return Combinators.combine(
                            Arbitraries.of(List.of("a"), List.of("b"), List.of("a", "b")),
                            Arbitraries.frequency(Tuple.of(4, false), Tuple.of(1, true)),
                            Arbitraries.integers().between(0, 3),
                            faults)
                    .as(PublishAction::new)
                    .map(action -> Transformer.mutate(action.toString(), action::apply));
        }
    }
}
