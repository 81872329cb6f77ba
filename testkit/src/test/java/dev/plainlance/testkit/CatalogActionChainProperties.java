package dev.plainlance.testkit;

import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.state.Action;
import net.jqwik.api.state.ActionChain;
import net.jqwik.api.state.Transformer;

/**
 * Stateful crash testing of multi-table commits: chains of up to 8 commits over tables {@code a} and {@code b}.
 * Writers crash often, and deliberately most often between phase A and phase B (sidecar written, no table
 * committed) and between the two table commits; the recovering open may crash too. After every step both tables
 * show the state before or after the commit together (after it, if the writer crashed once every table it changes
 * had committed), a table moves only if its rows change (deletes matching nothing are frequent), a clean read-write
 * open leaves no sidecar, pins equal the tables' newest versions and a second open changes nothing. Failures
 * shrink and print their seed.
 */
class CatalogActionChainProperties {

    @Property(tries = 200)
    void multiTableCommitsAreAllOrNothingUnderCrashes(@ForAll("chains") ActionChain<CatalogModel> chain) {
        try {
            chain.withInvariant("catalog invariants", CatalogModel::checkInvariants)
                    .run();
        } finally {
            chain.finalState().ifPresent(CatalogModel::close);
        }
    }

    /** The same on a branch: every sidecar must be judged against its own branch's pins, not main's. */
    @Property(tries = 60)
    void multiTableCommitsOnABranchAreAllOrNothingUnderCrashes(
            @ForAll("branchChains") ActionChain<CatalogModel> chain) {
        multiTableCommitsAreAllOrNothingUnderCrashes(chain);
    }

    @Provide
    Arbitrary<ActionChain<CatalogModel>> chains() {
        return ActionChain.startWith(CatalogModel::new).withAction(new Step()).withMaxTransformations(8);
    }

    @Provide
    Arbitrary<ActionChain<CatalogModel>> branchChains() {
        return ActionChain.startWith(() -> new CatalogModel("dev"))
                .withAction(new Step())
                .withMaxTransformations(8);
    }

    /** A commit with a writer crash (often) and a recovery crash (sometimes). */
    static final class Step implements Action.Independent<CatalogModel> {
        @Override
        public Arbitrary<Transformer<CatalogModel>> transformer() {
            Arbitrary<Optional<CrashSpec>> writer = CrashArbitraries.writerCrashes(2, 3);
            Arbitrary<Optional<CrashSpec>> recovery = CrashArbitraries.recoveryCrashes();
            return Combinators.combine(
                            Arbitraries.of(CatalogAction.Kind.class),
                            Arbitraries.integers().between(0, 99),
                            writer,
                            recovery)
                    .as(CatalogAction::new)
                    .map(action -> Transformer.mutate(action.toString(), action::apply));
        }
    }
}
