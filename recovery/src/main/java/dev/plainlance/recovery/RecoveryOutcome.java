package dev.plainlance.recovery;

import dev.plainlance.lance.error.LanceException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What recovery did with one sidecar.
 *
 * @param operationId the operation of the sidecar
 * @param kind the decision
 * @param tables per table, the pinned version before and after
 * @param refusal for {@link Kind#REFUSED}, why (names the sidecar and, when it can, the table)
 * @param blockedTables for {@link Kind#REFUSED}, the keys of the tables the sidecar names, on which writers are
 *     refused until an operator clears it (empty when the sidecar cannot be read)
 */
public record RecoveryOutcome(
        String operationId,
        Kind kind,
        List<TableMove> tables,
        Optional<LanceException> refusal,
        Set<String> blockedTables) {
    public RecoveryOutcome {
        tables = List.copyOf(tables);
        blockedTables = Set.copyOf(blockedTables);
    }

    public RecoveryOutcome(String operationId, Kind kind, List<TableMove> tables) {
        this(operationId, kind, tables, Optional.empty(), Set.of());
    }

    /** A sidecar recovery refused whole: nothing was touched. */
    static RecoveryOutcome refused(String operationId, LanceException why, Set<String> blockedTables) {
        return new RecoveryOutcome(operationId, Kind.REFUSED, List.of(), Optional.of(why), blockedTables);
    }

    /** The decisions recovery takes. */
    public enum Kind {
        /** Every table had committed the operation: its pins are published. */
        ROLLED_FORWARD,
        /** Some table had not: every table is back at its pinned content, republished. */
        ROLLED_BACK,
        /** The sidecar is younger than the lease: its writer may still be working. Nothing was touched. */
        DEFERRED,
        /** The sidecar vanished between listing and reading: its writer finished. */
        NOTHING_TO_DO,
        /**
         * The sidecar cannot be read, or its identity (uuids, versions, keys, paths, branch) does not match what the
         * catalog and tables hold: recovery touched nothing. Writers to the tables it names are refused until an
         * operator quarantines it; every other table stays writable.
         */
        REFUSED,
        /** An operator set the sidecar aside into {@code __recovery/quarantine/} (audit rows only). */
        QUARANTINED
    }

    /** A table's pinned version before and after recovery. */
    public record TableMove(String tableKey, long from, long to) {}
}
