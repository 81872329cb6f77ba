package dev.plainlance.lance.scan;

import dev.plainlance.lance.env.Env;
import dev.plainlance.lance.expr.ColumnReferences;
import dev.plainlance.lance.expr.Expressions;
import dev.plainlance.lance.index.IndexedFilter;
import dev.plainlance.lance.pb.table.DataFragment;
import dev.plainlance.lance.table.TableSnapshot;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.apache.arrow.vector.ipc.ArrowReader;

/**
 * Live rows matching a SQL filter. Fragments a BTREE or BITMAP index covers are answered from the index: counted
 * from the candidate rows minus the deleted ones when the index answers the whole filter exactly, else by testing
 * the filter on the candidate rows only. Other fragments are scanned.
 */
public final class FilteredCount {
    private FilteredCount() {}

    public static long count(TableSnapshot table, String filter, Env env) throws IOException {
        Optional<IndexedFilter.Plan> plan = IndexedFilter.plan(table, filter, env);
        if (plan.isEmpty()) {
            return scanned(table, filter, env);
        }
        if (!plan.get().exact()) {
            List<String> columns = List.copyOf(ColumnReferences.topLevel(Expressions.parse(filter)));
            TableScan scan = new TableScan(
                    table,
                    new TableScan.Request(
                            Optional.of(columns.subList(0, 1)),
                            Optional.of(filter),
                            TableScan.DEFAULT_BATCH_SIZE,
                            Optional.empty(),
                            false,
                            false),
                    env);
            long count = 0;
            try (ArrowReader reader = scan.batches()) {
                while (reader.loadNextBatch()) {
                    count += reader.getVectorSchemaRoot().getRowCount();
                }
            }
            return count;
        }
        List<DataFragment> uncovered = table.fragments().stream()
                .filter(f -> !plan.get().covered().contains((int) f.getId()))
                .toList();
        long count = IndexedFilter.liveCandidates(table, plan.get(), env.allocator());
        return uncovered.isEmpty() ? count : count + scanned(table.withFragments(uncovered), filter, env);
    }

    private static long scanned(TableSnapshot table, String filter, Env env) throws IOException {
        return RowMatches.of(table, filter, env).values().stream()
                .mapToLong(b -> b.getLongCardinality())
                .sum();
    }
}
