package dev.plainlance.testkit;

import dev.plainlance.lance.commit.DatasetFailpoints;
import java.util.Optional;
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
 * Stateful crash testing of one dataset: chains of up to 10 operations (append, delete, merge-insert, overwrite,
 * restore, tag, compact), each crashed with probability 1/2 at a dataset failpoint or a random storage operation.
 * After every step the dataset shows the rows before or after the step (never a mix), every version known to the
 * model still reads the same, tags stay put, and a second open sees the same version. A failure shrinks to a short
 * chain and prints the seed that replays it ({@code @Property(seed = "...")}).
 */
class DatasetActionChainProperties {

    @Property(tries = 400)
    void crashesNeverLeaveAMixedOrLostState(@ForAll("chains") ActionChain<DatasetModel> chain) {
        try {
            chain.withInvariant("known versions and tags", DatasetModel::checkInvariants)
                    .run();
        } finally {
            chain.finalState().ifPresent(DatasetModel::close);
        }
    }

    @Provide
    Arbitrary<ActionChain<DatasetModel>> chains() {
        return ActionChain.startWith(DatasetModel::new).withAction(new Step()).withMaxTransformations(10);
    }

    /** Any operation, with or without a crash. */
    static final class Step implements Action.Independent<DatasetModel> {
        @Override
        public Arbitrary<Transformer<DatasetModel>> transformer() {
            Arbitrary<Optional<CrashSpec>> crash = Arbitraries.frequencyOf(
                    Tuple.of(1, Arbitraries.just(Optional.<CrashSpec>empty())),
                    Tuple.of(
                            1,
                            CrashArbitraries.crashSpecs(DatasetFailpoints.ALL, 8)
                                    .map(Optional::of)));
            return Combinators.combine(
                            Arbitraries.of(DatasetAction.Kind.class),
                            Arbitraries.integers().between(0, 99),
                            crash)
                    .as(DatasetAction::new)
                    .map(action -> Transformer.mutate(action.toString(), action::apply));
        }
    }
}
