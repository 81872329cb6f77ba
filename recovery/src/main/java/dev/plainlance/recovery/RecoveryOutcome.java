package dev.plainlance.recovery;

import java.util.List;

/**
 * What recovery did with one sidecar.
 *
 * @param operationId the operation of the sidecar
 * @param kind the decision
 * @param tables per table, the pinned version before and after
 */
public record RecoveryOutcome(String operationId, Kind kind, List<TableMove> tables) {
    public RecoveryOutcome {
        tables = List.copyOf(tables);
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
        NOTHING_TO_DO
    }

    /** A table's pinned version before and after recovery. */
    public record TableMove(String tableKey, long from, long to) {}
}
