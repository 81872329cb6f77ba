package dev.plainlance.lance.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.lance.Dataset;
import dev.plainlance.lance.maintenance.Tables;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code createIndex(IndexOptions)}: the official options form of {@code createIndex}. */
class IndexOptionsTest {
    @TempDir
    Path dir;

    @Test
    void buildsWhatTheListFormBuilds() throws Exception {
        try (Dataset ds = Tables.create(dir, Clock.systemUTC(), false, 10, 10)) {
            Index built = ds.createIndex(IndexOptions.builder(List.of("id"), IndexType.BTREE, IndexParams.defaults())
                    .build());
            assertEquals("id_idx", built.name());
            assertEquals(IndexType.BTREE, built.indexType());
            assertEquals(List.of(0, 1), built.fragments().orElseThrow());
            assertEquals(1, ds.countRows("id = 15"));

            Index named = ds.createIndex(IndexOptions.builder(List.of("id"), IndexType.BITMAP, IndexParams.defaults())
                    .withIndexName("id_idx")
                    .replace(true)
                    .build());
            assertEquals(IndexType.BITMAP, named.indexType());
            assertEquals(List.of("id_idx"), ds.listIndexes());
            assertThrows(
                    RuntimeException.class,
                    () -> ds.createIndex(IndexOptions.builder(List.of("id"), IndexType.BTREE, IndexParams.defaults())
                            .withIndexName("id_idx")
                            .build()),
                    "an index of that name exists and replace is off");
        }
    }

    @Test
    void refusesTheOptionsOfDistributedBuildsBeforeWritingAnything() throws Exception {
        try (Dataset ds = Tables.create(dir, Clock.systemUTC(), false, 10, 10)) {
            long version = ds.version();
            UnsupportedOperationException refused = assertThrows(
                    UnsupportedOperationException.class,
                    () -> ds.createIndex(IndexOptions.builder(List.of("id"), IndexType.BTREE, IndexParams.defaults())
                            .withFragmentIds(List.of(0))
                            .withIndexUUID("5f1c8e2a-0000-4000-8000-000000000000")
                            .train(false)
                            .build()));
            assertTrue(refused.getMessage().contains("fragment ids [0]"), refused.getMessage());
            assertTrue(refused.getMessage().contains("index uuid 5f1c8e2a"), refused.getMessage());
            assertTrue(refused.getMessage().contains("train(false)"), refused.getMessage());
            ds.checkoutLatest();
            assertEquals(version, ds.version());
            assertEquals(List.of(), ds.listIndexes());
            assertEquals(Optional.empty(), ds.getIndexes().stream().findFirst());
        }
    }
}
