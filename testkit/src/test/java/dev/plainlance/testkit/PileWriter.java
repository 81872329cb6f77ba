package dev.plainlance.testkit;

import dev.plainlance.recovery.RecoveryFailpoints;
import java.util.List;
import java.util.Optional;

/** One writer of a sidecar pile: appends one row to each of its tables, and may crash on the way. */
record PileWriter(List<String> tables, Optional<CrashSpec> crash) {
    /** What a crashed or finished writer's operation must look like once recovered. */
    enum Fate {
        SHOWN,
        ABSENT,
        EITHER
    }

    /** The row this writer, the {@code index}th of its pile, appends to {@code table}. */
    long id(int index, String table) {
        return 1000L * (index + 1) + SidecarPile.TABLES.indexOf(table);
    }

    /**
     * The fate of this writer's operation, given that it crashed or not: shown once acknowledged or crashed after
     * committing every table, absent when refused or crashed before its sidecar, otherwise either.
     */
    Fate fate(boolean crashed, boolean acknowledged) {
        if (!crashed) {
            return acknowledged ? Fate.SHOWN : Fate.ABSENT;
        }
        return crash.flatMap(CrashSpec::failpoint)
                .map(point -> {
                    if (point == RecoveryFailpoints.STAGED) {
                        return Fate.ABSENT;
                    }
                    boolean allCommitted = point == RecoveryFailpoints.PUBLISHED
                            || point == RecoveryFailpoints.SIDECAR_DELETED
                            || point == RecoveryFailpoints.TABLE_COMMITTED
                                    && crash.get().n() == tables.size();
                    return allCommitted ? Fate.SHOWN : Fate.EITHER;
                })
                .orElse(Fate.EITHER);
    }

    @Override
    public String toString() {
        return "writer(" + String.join("+", tables) + ")"
                + crash.map(c -> " crashing at " + c).orElse("");
    }
}
