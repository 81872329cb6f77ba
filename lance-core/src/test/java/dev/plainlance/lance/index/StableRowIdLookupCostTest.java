package dev.plainlance.lance.index;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.plainlance.lance.Dataset;
import dev.plainlance.lance.maintenance.Tables;
import dev.plainlance.lance.table.RowIdLocator;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With stable row ids an indexed lookup maps the ids it finds to addresses through only the row id sequences of
 * the fragments whose id bounds contain them, kept per snapshot: the work follows the rows found.
 */
class StableRowIdLookupCostTest {
    @TempDir
    Path dir;

    @Test
    void lookupsReadOnlyTheSequencesOfTheFragmentsHoldingTheIds() throws Exception {
        int[] sizes = new int[40];
        java.util.Arrays.fill(sizes, 10);
        try (Dataset ds = Tables.create(dir, Clock.systemUTC(), true, sizes)) {
            ds.createIndex(List.of("id"), IndexType.BTREE, Optional.empty(), IndexParams.defaults(), false);
            ds.delete("id = 124");
            RowIdLocator locator = ds.snapshot().rowIdLocator();
            assertEquals(0, locator.sequencesRead());
            assertEquals(List.of("{\"id\":123,\"name\":\"n123\"}"), Tables.rows(ds, filter("id = 123")));
            assertEquals(1, locator.sequencesRead());
            assertEquals(0, ds.countRows("id = 124"));
            assertEquals(1, locator.sequencesRead(), "the fragment of 123 and 124 is read once per snapshot");
            assertEquals(3, ds.countRows("id IN (5, 127, 399)"));
            assertEquals(3, locator.sequencesRead());
            assertEquals(0, ds.countRows("id = 100000"));
            assertEquals(3, locator.sequencesRead(), "an id beyond every fragment's bounds reads no sequence");
        }
    }

    private static dev.plainlance.lance.ipc.ScanOptions filter(String filter) {
        return new dev.plainlance.lance.ipc.ScanOptions.Builder().filter(filter).build();
    }
}
