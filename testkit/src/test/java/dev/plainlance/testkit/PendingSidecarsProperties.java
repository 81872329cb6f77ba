package dev.plainlance.testkit;

import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Several dead writers' operations pending at once (lesson 6 of docs/multi-table-commits.md): two to four writers
 * on overlapping subsets of three tables each crash — most often between phases A and B, or between table
 * commits — or finish, each leaving the sidecars before it alone while their leases run; then one read-write open,
 * after every lease, recovers them all (and may crash, finished by the next open). Rolling one operation back
 * restores and republishes tables that the next one must then be judged against. Afterwards every operation is
 * whole or absent as its fate requires, and the audit trail, sidecars and pins agree (see {@link SidecarPile#check}).
 * Failures shrink and print their seed.
 */
class PendingSidecarsProperties {

    @Property(tries = 80)
    void everyPendingOperationIsDecidedAgainstTheStateTheOnesBeforeItLeft(
            @ForAll("writers") List<PileWriter> writers, @ForAll("recoveryCrashes") Optional<CrashSpec> recoveryCrash) {
        try (SidecarPile pile = new SidecarPile()) {
            writers.forEach(pile::write);
            pile.check(pile.recover(recoveryCrash));
        }
    }

    @Provide
    Arbitrary<List<PileWriter>> writers() {
        Arbitrary<List<String>> tables = Arbitraries.of(SidecarPile.TABLES)
                .set()
                .ofMinSize(1)
                .ofMaxSize(3)
                .map(set -> SidecarPile.TABLES.stream().filter(set::contains).toList());
        Arbitrary<Optional<CrashSpec>> crashes = CrashArbitraries.writerCrashes(1, 4);
        return Combinators.combine(tables, crashes)
                .as(PileWriter::new)
                .list()
                .ofMinSize(2)
                .ofMaxSize(4);
    }

    @Provide
    Arbitrary<Optional<CrashSpec>> recoveryCrashes() {
        return CrashArbitraries.recoveryCrashes();
    }
}
