package dev.plainlance.testkit;

import dev.plainlance.lance.failpoint.Failpoint;
import dev.plainlance.recovery.RecoveryFailpoints;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/** jqwik generators of crash points, for properties over one's own code that writes through plainlance. */
public final class CrashArbitraries {
    private CrashArbitraries() {}

    /**
     * Crashes at one of {@code failpoints} (first or second hit) or at one of the first {@code maxOperations}
     * mutating storage operations, dropped or kept. Shrinks towards the first failpoint and early operations.
     */
    public static Arbitrary<CrashSpec> crashSpecs(List<Failpoint> failpoints, int maxOperations) {
        Arbitrary<CrashSpec> atFailpoint = Combinators.combine(
                        Arbitraries.of(failpoints), Arbitraries.integers().between(1, 2))
                .as(CrashSpec::atFailpoint);
        Arbitrary<CrashSpec> atOperation = Combinators.combine(
                        Arbitraries.integers().between(1, maxOperations),
                        Arbitraries.of(TornWritePolicy.DROPPED, TornWritePolicy.KEPT))
                .as(CrashSpec::atOperation);
        return Arbitraries.oneOf(atFailpoint, atOperation);
    }

    /**
     * A multi-table writer's crash or none, biased to between phase A and phase B: none with weight
     * {@code noCrash}, right after the intent sidecar with weight {@code afterSidecar}, after its first or second
     * table commit with weight 2, anywhere else in the writer (failpoint or storage operation) with weight 2.
     */
    public static Arbitrary<Optional<CrashSpec>> writerCrashes(int noCrash, int afterSidecar) {
        return Arbitraries.frequencyOf(
                Tuple.of(noCrash, Arbitraries.just(Optional.<CrashSpec>empty())),
                Tuple.of(
                        afterSidecar,
                        Arbitraries.just(Optional.of(CrashSpec.atFailpoint(RecoveryFailpoints.SIDECAR_WRITTEN, 1)))),
                Tuple.of(
                        2,
                        Arbitraries.integers()
                                .between(1, 2)
                                .map(n -> Optional.of(CrashSpec.atFailpoint(RecoveryFailpoints.TABLE_COMMITTED, n)))),
                Tuple.of(2, crashSpecs(RecoveryFailpoints.WRITER, 30).map(Optional::of)));
    }

    /** A crash of the recovering open in one of four draws: at a recovery step or storage operation. */
    public static Arbitrary<Optional<CrashSpec>> recoveryCrashes() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.just(Optional.<CrashSpec>empty())),
                Tuple.of(1, crashSpecs(RecoveryFailpoints.RECOVERY, 20).map(Optional::of)));
    }
}
