package dev.plainlance.lance.maintenance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.lance.Dataset;
import dev.plainlance.lance.commit.DatasetFailpoints;
import dev.plainlance.lance.commit.Retry;
import dev.plainlance.lance.failpoint.Failpoint;
import dev.plainlance.lance.failpoint.Failpoints;
import dev.plainlance.lance.pb.table.Transaction;
import dev.plainlance.lance.schema.ColumnAdder;
import dev.plainlance.lance.schema.ColumnDropper;
import dev.plainlance.lance.schema.SqlExpressions;
import dev.plainlance.lance.write.DataFileNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each operation can be staged: files written, an uncommitted transaction returned, STAGED hit, nothing visible. */
class StagingTest {
    @TempDir
    Path dir;

    private long dataFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("data"))) {
            return files.count();
        }
    }

    @Test
    void stagedOperationsAreInvisibleUntilCommitted() throws IOException {
        try (Dataset ds = Tables.create(dir, Clock.systemUTC(), false, 10, 10)) {
            List<Failpoint> hits = new ArrayList<>();
            Transaction add;
            Transaction drop;
            Optional<Compactor.StagedCompaction> compaction;
            try (Failpoints.Scope scope = Failpoints.install(hits::add)) {
                add = new ColumnAdder(DataFileNames.random(), UUID::randomUUID)
                        .stage(
                                ds,
                                new SqlExpressions.Builder()
                                        .withExpression("x", "id + 1")
                                        .build(),
                                Optional.empty());
                drop = new ColumnDropper(UUID::randomUUID).stage(ds, List.of("name"));
                compaction = new Compactor(
                                DataFileNames.random(), UUID::randomUUID, Clock.systemUTC(), Retry.immediate(3, 1))
                        .stage(ds, CompactionOptions.defaults());
            }
            assertEquals(
                    List.of(DatasetFailpoints.STAGED, DatasetFailpoints.STAGED, DatasetFailpoints.STAGED),
                    hits.stream().filter(p -> p == DatasetFailpoints.STAGED).toList());
            assertEquals(2, add.getReadVersion());
            assertEquals(Transaction.OperationCase.MERGE, add.getOperationCase());
            assertEquals(Transaction.OperationCase.PROJECT, drop.getOperationCase());
            assertEquals(
                    Transaction.OperationCase.REWRITE,
                    compaction.orElseThrow().transaction().getOperationCase());
            assertEquals(5, dataFiles(), "two originals, two column files, one compacted file");
            assertEquals(3, ds.latestVersion(), "only the official ReserveFragments version is committed");
            assertEquals(2, ds.getLanceSchema().fields().size());
            ds.commitTransaction(add);
            assertEquals(3, ds.getLanceSchema().fields().size());
            assertTrue(
                    Tables.rows(ds).get(0).contains("\"x\":1"), Tables.rows(ds).get(0));
        }
    }
}
