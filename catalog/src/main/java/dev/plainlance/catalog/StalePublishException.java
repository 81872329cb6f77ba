package dev.plainlance.catalog;

import dev.plainlance.lance.error.LanceException;

/**
 * A publish on behalf of a multi-table operation planned on a catalog state older than the operation floor: the
 * catalog can no longer tell whether recovery aborted that operation, so nothing was published. The publisher
 * decides its operation's outcome from the catalog and the tables, as after any lost publish.
 */
public final class StalePublishException extends LanceException {
    public StalePublishException(String operationId, long plannedOn, long floor) {
        super("operation " + operationId + " was planned on catalog version " + plannedOn
                + ", older than the oldest version an operation may be planned on (" + floor
                + ") since recovery forgot aborted operations; nothing was published");
    }
}
