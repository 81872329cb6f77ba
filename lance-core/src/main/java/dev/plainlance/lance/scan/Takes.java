package dev.plainlance.lance.scan;

import dev.plainlance.lance.env.Env;
import dev.plainlance.lance.schema.LanceField;
import dev.plainlance.lance.table.TableSnapshot;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;

/** Random access to rows of a dataset version, behind {@code Dataset.take} and {@code Dataset.takeRows}. */
public final class Takes {
    private Takes() {}

    /** Rows at positions {@code indices} of the scan order (live rows only), in request order. */
    public static ArrowReader byIndex(TableSnapshot dataset, List<Long> indices, List<String> columns, Env env) {
        return reader(dataset, locator(dataset, env.allocator()).byIndex(indices), columns, env);
    }

    /** Rows with the given row ids, in request order; an id that is not a live row is a {@code NotFoundException}. */
    public static ArrowReader byRowId(TableSnapshot dataset, List<Long> rowIds, List<String> columns, Env env) {
        return reader(dataset, locator(dataset, env.allocator()).byRowId(rowIds), columns, env);
    }

    private static RowLocator locator(TableSnapshot dataset, BufferAllocator allocator) {
        return new RowLocator(
                dataset.bases(), dataset.manifest().getFragmentsList(), dataset.hasStableRowIds(), allocator);
    }

    private static ArrowReader reader(
            TableSnapshot dataset, List<TakeReader.Location> locations, List<String> columns, Env env) {
        List<LanceField> fields = columns == null || columns.isEmpty()
                ? dataset.schema().fields()
                : dataset.schema().project(columns).fields();
        RowSource rows = new RowSource(dataset.bases(), fields, false, false, dataset.hasStableRowIds(), env);
        return new TakeReader(
                rows,
                dataset.manifest().getFragmentsList(),
                locations,
                TableScan.DEFAULT_BATCH_SIZE,
                env.allocator(),
                env.workers());
    }
}
