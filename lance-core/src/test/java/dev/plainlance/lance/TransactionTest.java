package dev.plainlance.lance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.lance.error.UnsupportedFeatureException;
import dev.plainlance.lance.operation.Append;
import dev.plainlance.lance.operation.Overwrite;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Transactions as values: built, committed with {@code commitTransaction}, and read back from the versions made. */
class TransactionTest {
    @Test
    void aCommittedTransactionReadsBackAsItWasBuilt(@TempDir Path dir) throws Exception {
        String uri = dir.resolve("ds").toString();
        try (BufferAllocator allocator = new RootAllocator();
                IdRows rows = new IdRows(allocator, false)) {
            try (ArrowReader first = rows.reader(0, 10)) {
                Dataset.create(allocator, first, uri, new WriteParams.Builder().build())
                        .close();
            }
            List<FragmentMetadata> fragments;
            try (ArrowReader more = rows.reader(10, 15)) {
                fragments = Fragment.create(uri, more, new WriteParams.Builder().build());
            }
            Transaction built = new Transaction.Builder()
                    .readVersion(1)
                    .uuid("0b6f2f9a-1111-4222-8333-444455556666")
                    .operation(Append.builder().fragments(fragments).build())
                    .tag("t")
                    .transactionProperties(Map.of("k", "v"))
                    .build();
            try (Dataset ds = Dataset.open(uri, allocator);
                    Dataset committed = ds.commitTransaction(built)) {
                assertEquals(15, committed.countRows());
                Transaction read = committed.readTransaction().orElseThrow();
                assertEquals(built.uuid(), read.uuid());
                assertEquals(Optional.of("t"), read.tag());
                assertEquals(Optional.of(Map.of("k", "v")), read.transactionProperties());
                assertEquals(
                        fragments.size(),
                        ((Append) read.operation()).fragments().size());
                assertEquals(
                        "Append",
                        new Transaction(1, Append.builder().fragments(fragments).build()).operationName());
                assertThrows(UnsupportedFeatureException.class, () -> ds.commitTransaction(built, true, false));

                // a compaction's Rewrite has no operation class: named, then refused by name
                committed.compact();
            }
            try (Dataset compacted = Dataset.open(uri, allocator)) {
                Transaction rewrite = compacted.readTransaction().orElseThrow();
                assertEquals("Rewrite", rewrite.operationName());
                UnsupportedFeatureException e = assertThrows(UnsupportedFeatureException.class, rewrite::operation);
                assertTrue(e.getMessage().contains("is a Rewrite"), e.getMessage());
                try (Dataset first = compacted.checkoutVersion(1)) {
                    assertEquals(
                            Overwrite.class,
                            first.readTransaction().orElseThrow().operation().getClass());
                }
            }
        }
    }
}
