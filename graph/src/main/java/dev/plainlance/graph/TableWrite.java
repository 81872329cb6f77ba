package dev.plainlance.graph;

import dev.plainlance.lance.operation.RewriteRows;
import dev.plainlance.lance.operation.TableOperation;
import dev.plainlance.lance.operation.Write;
import dev.plainlance.lance.scan.KeyLookup;
import java.util.Set;

/**
 * What one commit does to one type's table: remove the rows with some ids and add rows, or replace everything.
 *
 * @param removeIds ids whose rows are removed (deleted entities, and the old rows of updated ones)
 * @param added the rows added (new and updated entities)
 * @param replaceAll whether the table's whole content is replaced by {@code added}
 * @param counts what this is, in entities
 * @param ids the index that finds the rows of {@code removeIds}
 * @param hints where some of {@code removeIds} are believed to be (row addresses), tried before {@code ids}
 */
record TableWrite(
        TypeRows layout,
        Set<String> removeIds,
        RowSpill added,
        boolean replaceAll,
        ChangeCounts counts,
        KeyLookup ids,
        java.util.Map<String, Long> hints) {

    TableWrite(
            TypeRows layout,
            Set<String> removeIds,
            RowSpill added,
            boolean replaceAll,
            ChangeCounts counts,
            KeyLookup ids) {
        this(layout, removeIds, added, replaceAll, counts, ids, java.util.Map.of());
    }

    boolean isEmpty() {
        return !replaceAll && removeIds.isEmpty() && added.rows() == 0;
    }

    TableOperation operation() {
        if (replaceAll) {
            return Write.overwrite(added.reader());
        }
        return new RewriteRows("id", removeIds, added::reader, ids, hints);
    }
}
