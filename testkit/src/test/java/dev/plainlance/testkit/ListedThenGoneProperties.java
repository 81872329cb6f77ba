package dev.plainlance.testkit;

import dev.plainlance.recovery.RecoveryFailpoints;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * A sidecar listed by the recovery sweep but gone when read is finished work, not an error (lesson 2 of
 * docs/multi-table-commits.md): a live writer on a subset of three tables stops at one of its failpoints — most
 * often while its sidecar exists — while a read-write open lists {@code __recovery/}, and finishes either between
 * that LIST and the read of its sidecar or after the open (see {@link ListedThenGone}). Failures shrink and print
 * their seed.
 */
class ListedThenGoneProperties {

    @Property(tries = 40)
    void aSidecarGoneSinceTheListIsFinishedWork(@ForAll("races") ListedThenGone race) {
        race.check();
    }

    @Provide
    Arbitrary<ListedThenGone> races() {
        Arbitrary<java.util.List<String>> tables = Arbitraries.of(ListedThenGone.TABLES)
                .set()
                .ofMinSize(1)
                .ofMaxSize(3)
                .map(set -> ListedThenGone.TABLES.stream().filter(set::contains).toList());
        return tables.flatMap(keys -> Combinators.combine(pauses(keys.size()), Arbitraries.of(true, false))
                .as((pause, first) -> new ListedThenGone(keys, pause, first)));
    }

    /** Where a writer of {@code tables} tables may stop; the points where its sidecar exists are the most frequent. */
    private static Arbitrary<ListedThenGone.Pause> pauses(int tables) {
        return Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just(new ListedThenGone.Pause(RecoveryFailpoints.STAGED, 1))),
                Tuple.of(3, Arbitraries.just(new ListedThenGone.Pause(RecoveryFailpoints.SIDECAR_WRITTEN, 1))),
                Tuple.of(
                        3,
                        Arbitraries.integers()
                                .between(1, tables)
                                .map(n -> new ListedThenGone.Pause(RecoveryFailpoints.TABLE_COMMITTED, n))),
                Tuple.of(3, Arbitraries.just(new ListedThenGone.Pause(RecoveryFailpoints.PUBLISHED, 1))),
                Tuple.of(1, Arbitraries.just(new ListedThenGone.Pause(RecoveryFailpoints.SIDECAR_DELETED, 1))));
    }
}
