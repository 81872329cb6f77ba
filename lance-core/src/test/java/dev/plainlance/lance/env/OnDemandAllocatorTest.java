package dev.plainlance.lance.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.lance.Dataset;
import dev.plainlance.lance.ReadOptions;
import dev.plainlance.lance.WriteParams;
import dev.plainlance.lance.arrow.ArrowReaders;
import dev.plainlance.lance.io.InMemoryStorage;
import dev.plainlance.lance.io.Storage;
import java.time.Clock;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

/**
 * Issue 15, CLI start-up: a dataset that owns its allocator creates it only when something is allocated, so that
 * reading metadata (what {@code plainlance dataset info} does) never creates Arrow's allocator.
 */
class OnDemandAllocatorTest {
    private static final Schema SCHEMA = new Schema(List.of(Field.notNullable("id", new ArrowType.Int(64, true))));

    @Test
    void createdOnFirstUseOnceAndClosedWithItsOwner() {
        OnDemandAllocator allocator = new OnDemandAllocator();
        Env env = Env.defaults(allocator);
        assertFalse(allocator.created());
        BufferAllocator first = env.allocator();
        assertTrue(allocator.created());
        assertSame(first, env.allocator());
        allocator.close();
        assertThrows(RuntimeException.class, () -> first.buffer(8), "closed with its owner");
    }

    @Test
    void closingANeverUsedAllocatorCreatesNothingAndLaterUseFailsAsAfterAClose() {
        OnDemandAllocator allocator = new OnDemandAllocator();
        allocator.close();
        assertFalse(allocator.created());
        assertThrows(RuntimeException.class, () -> allocator.get().buffer(8));
    }

    @Test
    void openingADatasetAndReadingItsMetadataAllocatesNothing() throws Exception {
        Storage storage = new InMemoryStorage();
        try (BufferAllocator allocator = new RootAllocator()) {
            try (VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator)) {
                ((BigIntVector) root.getVector(0)).allocateNew(3);
                for (int i = 0; i < 3; i++) {
                    ((BigIntVector) root.getVector(0)).set(i, i);
                }
                root.setRowCount(3);
                try (ArrowReader data = ArrowReaders.of(SCHEMA, List.of(root), allocator)) {
                    Dataset.write(storage, "memory:d", data, new WriteParams.Builder().build(), Clock.systemUTC())
                            .close();
                }
            }
        }
        try (Dataset dataset = Dataset.open(storage, "memory:d", ReadOptions.defaults())) {
            assertEquals(3, dataset.countRows());
            assertEquals(1, dataset.getFragments().size());
            assertEquals(1, dataset.version());
            assertFalse(owned(dataset).created(), "metadata needed no allocator");
            assertEquals(2, dataset.countRows("id >= 1"));
            assertTrue(owned(dataset).created(), "a scan did");
        }
    }

    private static OnDemandAllocator owned(Dataset dataset) throws ReflectiveOperationException {
        java.lang.reflect.Field field = Dataset.class.getDeclaredField("owned");
        field.setAccessible(true);
        return (OnDemandAllocator) field.get(dataset);
    }
}
