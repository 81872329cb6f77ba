package dev.plainlance.lance.operation;

import dev.plainlance.lance.maintenance.CompactionMetrics;
import dev.plainlance.lance.merge.MergeInsertStats;
import java.util.Optional;

/**
 * What a staged operation will do, known before it commits.
 *
 * @param rowsAffected rows written, deleted or updated (0 for schema and config changes)
 * @param mergeStats the statistics of a merge insert
 * @param compaction the metrics of a compaction
 */
public record OperationResult(
        long rowsAffected, Optional<MergeInsertStats> mergeStats, Optional<CompactionMetrics> compaction) {

    public static final OperationResult NONE = new OperationResult(0, Optional.empty(), Optional.empty());

    public static OperationResult rows(long rows) {
        return new OperationResult(rows, Optional.empty(), Optional.empty());
    }
}
