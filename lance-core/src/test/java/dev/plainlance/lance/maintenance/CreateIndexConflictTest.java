package dev.plainlance.lance.maintenance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.plainlance.lance.Dataset;
import dev.plainlance.lance.commit.CommitConflictException;
import dev.plainlance.lance.commit.IncompatibleTransactionException;
import dev.plainlance.lance.env.Env;
import dev.plainlance.lance.index.IndexParams;
import dev.plainlance.lance.index.IndexType;
import dev.plainlance.lance.operation.IndexChange;
import dev.plainlance.lance.operation.StagedTransaction;
import dev.plainlance.lance.operation.TableCommits;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A CreateIndex staged before a concurrent commit lands, or not, as the conflict matrix says. */
class CreateIndexConflictTest {
    @TempDir
    Path dir;

    private StagedTransaction stagedIndex(Dataset ds, Env env) throws Exception {
        return IndexChange.create("id", IndexType.BTREE, Optional.of("id_idx"), false)
                .stage(ds.snapshot(), env);
    }

    @Test
    void landsAfterAnAppendAndADeleteLeavingTheNewFragmentUnindexed() throws Exception {
        try (Dataset ds = Tables.create(dir, Clock.systemUTC(), false, 10, 10)) {
            Env env = Env.defaults(ds.allocator());
            StagedTransaction index = stagedIndex(ds, env);
            Tables.append(dir, 20, 10, Clock.systemUTC());
            {
                ds.checkoutLatest();
                Dataset latest = ds;
                latest.delete("id = 3");
            }
            TableCommits.commit(index, env);
            {
                ds.checkoutLatest();
                Dataset latest = ds;
                assertEquals(List.of("id_idx"), latest.listIndexes());
                assertEquals(
                        List.of(0, 1), latest.getIndexes().get(0).fragments().orElseThrow());
                assertEquals(19L, latest.getIndexStatistics("id_idx").get("num_indexed_rows"));
                assertEquals(0, latest.countRows("id = 3"));
                assertEquals(1, latest.countRows("id = 25"));
            }
        }
    }

    @Test
    void retriesAfterACompactionOfIndexedFragmentsAndFailsAfterAnOverwrite() throws Exception {
        try (Dataset ds = Tables.create(dir, Clock.systemUTC(), false, 10, 10)) {
            Env env = Env.defaults(ds.allocator());
            StagedTransaction index = stagedIndex(ds, env);
            {
                ds.checkoutLatest();
                Dataset latest = ds;
                latest.compact();
            }
            assertThrows(CommitConflictException.class, () -> TableCommits.commit(index, env));
        }
        try (Dataset ds = Tables.create(dir.resolve("b"), Clock.systemUTC(), false, 10)) {
            Env env = Env.defaults(ds.allocator());
            StagedTransaction index = stagedIndex(ds, env);
            {
                ds.checkoutLatest();
                Dataset latest = ds;
                latest.createIndex(
                        List.of("id"), IndexType.BITMAP, Optional.of("other"), IndexParams.defaults(), false);
            }
            TableCommits.commit(index, env);
            {
                ds.checkoutLatest();
                Dataset latest = ds;
                assertEquals(List.of("other", "id_idx"), latest.listIndexes());
            }
            Tables.overwrite(dir.resolve("b"), 5);
            StagedTransaction again;
            try (Dataset stale = ds.checkoutVersion(2)) {
                again = stagedIndex(stale, env);
            }
            assertThrows(IncompatibleTransactionException.class, () -> TableCommits.commit(again, env));
        }
    }
}
