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
 * Two publishers racing (lesson 10 of docs/multi-table-commits.md: no check outside the compare-and-swap): chains
 * of up to 6 steps, each two publishes built from the same pins of tables {@code a} and {@code b}, overlapping or
 * disjoint, one of them often interleaved between the other's expected-version check and its {@code __manifest}
 * commit. Every outcome and the pins must be those of the serial order the publishes finished in (see
 * {@link RacingPublishes}). Failures shrink and print their seed.
 */
class RacingPublishProperties {

    @Property(tries = 100)
    void racingPublishesAreSerial(@ForAll("chains") ActionChain<PublishModel> chain) {
        try {
            chain.withInvariant("pins of decided publishes", PublishModel::checkInvariants)
                    .run();
        } finally {
            chain.finalState().ifPresent(PublishModel::close);
        }
    }

    @Provide
    Arbitrary<ActionChain<PublishModel>> chains() {
        return ActionChain.startWith(PublishModel::new).withAction(new Step()).withMaxTransformations(6);
    }

    /** Two publishes and when the rival runs. */
    static final class Step implements Action.Independent<PublishModel> {
        @Override
        public Arbitrary<Transformer<PublishModel>> transformer() {
            Arbitrary<RacingPublishes.When> when = Arbitraries.frequencyOf(
                    Tuple.of(1, Arbitraries.just(RacingPublishes.When.BEFORE)),
                    Tuple.of(4, Arbitraries.just(RacingPublishes.When.AT_CHECK)),
                    Tuple.of(2, Arbitraries.just(RacingPublishes.When.AT_TRANSACTION_WRITTEN)),
                    Tuple.of(1, Arbitraries.just(RacingPublishes.When.AFTER)));
            return Combinators.combine(publish("own"), publish("rival"), when)
                    .as(RacingPublishes::new)
                    .map(step -> Transformer.mutate(step.toString(), step::apply));
        }

        private static Arbitrary<RacingPublishes.Publish> publish(String name) {
            return Combinators.combine(
                            Arbitraries.of(List.of("a"), List.of("b"), List.of("a", "b")),
                            Arbitraries.frequency(Tuple.of(4, false), Tuple.of(1, true)),
                            Arbitraries.integers().between(0, 3))
                    .as((tables, stale, rows) -> new RacingPublishes.Publish(name, tables, stale, rows));
        }
    }
}
