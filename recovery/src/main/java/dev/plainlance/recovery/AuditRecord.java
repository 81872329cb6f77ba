package dev.plainlance.recovery;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One row of {@code _recoveries}: what recovery decided for one operation.
 *
 * @param operationId the recovered operation
 * @param kind {@link RecoveryOutcome.Kind#ROLLED_FORWARD} or {@link RecoveryOutcome.Kind#ROLLED_BACK}
 * @param actor the original writer's actor, if it named one
 * @param writer the original writer's kind
 * @param branch the branch the operation wrote
 * @param tables pinned versions before and after, per table
 * @param recoveredAt when recovery finished the decision
 */
public record AuditRecord(
        String operationId,
        RecoveryOutcome.Kind kind,
        Optional<String> actor,
        String writer,
        String branch,
        List<RecoveryOutcome.TableMove> tables,
        Instant recoveredAt) {
    public AuditRecord {
        tables = List.copyOf(tables);
    }
}
