package dev.plainlance.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.plainlance.lance.Dataset;
import dev.plainlance.lance.io.InMemoryStorage;
import dev.plainlance.lance.io.Storage;
import dev.plainlance.recovery.CatalogSession;
import dev.plainlance.recovery.OpenMode;
import dev.plainlance.recovery.RecoveryFailpoints;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * The README example: crash-testing your own code that writes through plainlance. Here "your code" is
 * {@link #placeOrder}, which must add an order and a matching stock movement together.
 */
class ExampleUserCrashTest {

    /** The code under test: two tables, one atomic change. */
    static void placeOrder(Storage storage, long orderId) {
        try (BufferAllocator allocator = new RootAllocator();
                CatalogSession shop = CatalogSession.open(storage, OpenMode.READ_WRITE, CatalogTarget.options(1))) {
            shop.newCommit()
                    .append("orders", Rows.of(List.of(orderId), allocator))
                    .append("stock_moves", Rows.of(List.of(orderId), allocator))
                    .commit();
        }
    }

    @Property(tries = 60, seed = "20261122")
    void anOrderIsNeverHalfPlaced(@ForAll("crashes") CrashSpec crash) {
        FaultInjectingStorage storage = new FaultInjectingStorage(new InMemoryStorage());
        try (BufferAllocator allocator = new RootAllocator();
                CatalogSession shop = CatalogSession.create(storage, CatalogTarget.options(0), "setup")) {
            shop.newCommit()
                    .createTable("orders", Rows.of(List.of(), allocator))
                    .createTable("stock_moves", Rows.of(List.of(), allocator))
                    .commit();
        }
        crash.arm(storage);
        try {
            placeOrder(storage, 7);
        } catch (CrashException expected) {
            // the process died here
        } finally {
            storage.disarm();
        }
        try (CatalogSession shop =
                        CatalogSession.open(storage.restart(), OpenMode.READ_WRITE, CatalogTarget.options(2));
                Dataset orders = shop.openTable("orders");
                Dataset moves = shop.openTable("stock_moves")) {
            assertEquals(Rows.ids(orders), Rows.ids(moves), "orders and stock moves agree after " + crash);
        }
    }

    @Provide
    Arbitrary<CrashSpec> crashes() {
        return CrashArbitraries.crashSpecs(RecoveryFailpoints.ALL, 40);
    }
}
