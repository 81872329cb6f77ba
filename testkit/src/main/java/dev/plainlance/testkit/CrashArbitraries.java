package dev.plainlance.testkit;

import dev.plainlance.lance.failpoint.Failpoint;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** jqwik generators of crash points, for properties over one's own code that writes through plainlance. */
public final class CrashArbitraries {
    private CrashArbitraries() {
    }

    /**
     * Crashes at one of {@code failpoints} (first or second hit) or at one of the first {@code maxOperations}
     * mutating storage operations, dropped or kept. Shrinks towards the first failpoint and early operations.
     */
    public static Arbitrary<CrashSpec> crashSpecs(List<Failpoint> failpoints, int maxOperations) {
        Arbitrary<CrashSpec> atFailpoint = Combinators.combine(Arbitraries.of(failpoints),
                Arbitraries.integers().between(1, 2)).as(CrashSpec::atFailpoint);
        Arbitrary<CrashSpec> atOperation = Combinators.combine(Arbitraries.integers().between(1, maxOperations),
                Arbitraries.of(TornWritePolicy.DROPPED, TornWritePolicy.KEPT)).as(CrashSpec::atOperation);
        return Arbitraries.oneOf(atFailpoint, atOperation);
    }
}
