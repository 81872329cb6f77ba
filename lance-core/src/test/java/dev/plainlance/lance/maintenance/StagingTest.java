package dev.plainlance.lance.maintenance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.lance.Dataset;
import dev.plainlance.lance.commit.DatasetFailpoints;
import dev.plainlance.lance.env.Env;
import dev.plainlance.lance.failpoint.Failpoint;
import dev.plainlance.lance.ipc.LanceScanner;
import dev.plainlance.lance.ipc.ScanOptions;
import dev.plainlance.lance.operation.AddColumns;
import dev.plainlance.lance.operation.Compact;
import dev.plainlance.lance.operation.DropColumns;
import dev.plainlance.lance.operation.StagedTransaction;
import dev.plainlance.lance.operation.TableCommits;
import dev.plainlance.lance.schema.SqlExpressions;
import dev.plainlance.lance.table.TableSnapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each operation can be staged: files written, an uncommitted plan returned, STAGED hit, nothing visible. */
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
            Env env = Env.defaults(ds.allocator()).withFailpoints(hits::add);
            StagedTransaction add = AddColumns.computed(
                            new SqlExpressions.Builder()
                                    .withExpression("x", "id + 1")
                                    .build(),
                            Optional.empty())
                    .stage(ds.snapshot(), env);
            StagedTransaction drop = new DropColumns(List.of("name")).stage(ds.snapshot(), env);
            StagedTransaction compaction = Compact.reservingIds(CompactionOptions.defaults(), (done, total) -> {})
                    .stage(ds.snapshot(), env);
            assertEquals(
                    List.of(DatasetFailpoints.STAGED, DatasetFailpoints.STAGED, DatasetFailpoints.STAGED),
                    hits.stream().filter(p -> p == DatasetFailpoints.STAGED).toList());
            assertEquals(2, add.base().version());
            assertEquals("merge", add.kind());
            assertEquals("project", drop.kind());
            assertEquals("rewrite", compaction.kind());
            assertEquals(5, dataFiles(), "two originals, two column files, one compacted file");
            assertEquals(3, ds.latestVersion(), "only the official ReserveFragments version is committed");
            assertEquals(2, ds.getLanceSchema().fields().size());
            assertEquals(3, TableCommits.commit(add, env).schema().fields().size());
            try (Dataset latest = ds.checkoutVersion(ds.latestVersion())) {
                assertEquals(3, latest.getLanceSchema().fields().size());
                assertTrue(
                        Tables.rows(latest).get(0).contains("\"x\":1"),
                        Tables.rows(latest).get(0));
            }
        }
    }

    @Test
    void compactionWithIdsAtCommitCommitsNothingWhileStaging() throws IOException {
        try (Dataset ds = Tables.create(dir, Clock.systemUTC(), false, 10, 10, 10)) {
            Env env = Env.defaults(ds.allocator());
            StagedTransaction staged =
                    Compact.idsAtCommit(CompactionOptions.defaults()).stage(ds.snapshot(), env);
            assertEquals(3, ds.latestVersion(), "staging committed nothing");
            assertEquals(3, staged.result().compaction().orElseThrow().fragmentsRemoved());
            try (Dataset compacted =
                    ds.checkoutVersion(TableCommits.commitExactly(staged, env).version())) {
                assertEquals(4, compacted.version());
                assertEquals(1, compacted.getFragments().size());
                assertEquals(3, compacted.getFragments().get(0).getId(), "numbered after the base's highest id");
                assertEquals(Tables.rows(ds), Tables.rows(compacted));
            }
        }
    }

    @Test
    void aPreviewReadsTheStagedRowsWithoutCommitting() throws IOException {
        try (Dataset ds = Tables.create(dir, Clock.systemUTC(), false, 10)) {
            Env env = Env.defaults(ds.allocator());
            StagedTransaction add = AddColumns.computed(
                            new SqlExpressions.Builder()
                                    .withExpression("twice", "id * 2")
                                    .build(),
                            Optional.empty())
                    .stage(ds.snapshot(), env);
            TableSnapshot preview = TableCommits.preview(add, env);
            assertEquals(2, preview.version());
            long sum = 0;
            try (ArrowReader rows = new LanceScanner(
                            preview,
                            new ScanOptions.Builder().columns(List.of("twice")).build(),
                            env)
                    .scanBatches()) {
                while (rows.loadNextBatch()) {
                    BigIntVector twice =
                            (BigIntVector) rows.getVectorSchemaRoot().getVector(0);
                    for (int i = 0; i < twice.getValueCount(); i++) {
                        sum += twice.get(i);
                    }
                }
            }
            assertEquals(2 * (9 * 10 / 2), sum, "the preview reads the computed column of ids 0..9");
            assertFalse(ds.checkoutVersion(ds.latestVersion()).getLanceSchema().fields().stream()
                    .anyMatch(f -> f.name().equals("twice")));
            assertEquals(1, ds.latestVersion());
        }
    }

    @Test
    void aWriteWhoseReaderFailedMidwayRefusesToBeStagedAgain() throws IOException {
        try (Dataset ds = Tables.create(dir, Clock.systemUTC(), false, 10)) {
            Env env = Env.defaults(ds.allocator());
            org.apache.arrow.vector.types.pojo.Schema schema = ds.getSchema();
            try (ArrowReader failing = new ArrowReader(ds.allocator()) {
                private int loads;

                @Override
                public boolean loadNextBatch() throws IOException {
                    if (++loads > 1) {
                        throw new IOException("the source broke");
                    }
                    getVectorSchemaRoot().setRowCount(0);
                    return true;
                }

                @Override
                public long bytesRead() {
                    return 0;
                }

                @Override
                protected void closeReadSource() {}

                @Override
                protected org.apache.arrow.vector.types.pojo.Schema readSchema() {
                    return schema;
                }
            }) {
                dev.plainlance.lance.operation.Write append = dev.plainlance.lance.operation.Write.append(failing);
                IOException broke = org.junit.jupiter.api.Assertions.assertThrows(
                        IOException.class, () -> append.stage(ds.snapshot(), env));
                assertTrue(broke.getMessage().contains("the source broke"), broke.getMessage());
                IllegalStateException again = org.junit.jupiter.api.Assertions.assertThrows(
                        IllegalStateException.class, () -> append.stage(ds.snapshot(), env));
                assertTrue(again.getMessage().contains("partly read"), again.getMessage());
            }
            assertEquals(1, ds.latestVersion());
        }
    }
}
