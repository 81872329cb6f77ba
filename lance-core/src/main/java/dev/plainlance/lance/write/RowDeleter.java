package dev.plainlance.lance.write;

import dev.plainlance.lance.Dataset;
import dev.plainlance.lance.commit.DatasetFailpoints;
import dev.plainlance.lance.expr.ColumnReferences;
import dev.plainlance.lance.expr.Expressions;
import dev.plainlance.lance.expr.Predicate;
import dev.plainlance.lance.failpoint.Failpoints;
import dev.plainlance.lance.ipc.LanceScanner;
import dev.plainlance.lance.ipc.ScanOptions;
import dev.plainlance.lance.pb.table.Transaction;
import java.io.IOException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.LongSupplier;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.roaringbitmap.RoaringBitmap;

/**
 * Stages a {@code delete(predicate)}: finds the live rows matching the SQL predicate, writes one new deletion
 * file per touched fragment (the union of its old and new deleted rows), and lists fragments whose every row is
 * now deleted for removal. Nothing is visible until the returned transaction is committed.
 */
public final class RowDeleter {
    private final BufferAllocator allocator;
    private final LongSupplier deletionFileIds;

    public RowDeleter(BufferAllocator allocator, LongSupplier deletionFileIds) {
        this.allocator = allocator;
        this.deletionFileIds = deletionFileIds;
    }

    /**
     * The rows of {@code dataset}'s version matching {@code predicate}, by fragment id. The predicate is checked
     * against the whole schema first, so an unknown column is reported with its position.
     */
    public static Map<Long, RoaringBitmap> matches(Dataset dataset, String predicate) throws IOException {
        Expressions.bind(predicate, dataset.newScan().schema());
        List<String> columns = new ArrayList<>(ColumnReferences.topLevel(Expressions.parse(predicate)));
        LanceScanner scanner = dataset.newScan(
                new ScanOptions.Builder().columns(columns).withRowAddress(true).build());
        Predicate filter = Expressions.predicate(predicate, scanner.schema());
        Map<Long, RoaringBitmap> matches = new HashMap<>();
        try (ArrowReader reader = scanner.scanBatches()) {
            while (reader.loadNextBatch()) {
                VectorSchemaRoot root = reader.getVectorSchemaRoot();
                BitSet selected = filter.test(root);
                UInt8Vector addresses = (UInt8Vector) root.getVector(columns.size());
                for (int row = selected.nextSetBit(0); row >= 0; row = selected.nextSetBit(row + 1)) {
                    long address = addresses.get(row);
                    matches.computeIfAbsent(address >>> 32, id -> new RoaringBitmap())
                            .add((int) address);
                }
            }
        }
        return matches;
    }

    /** Writes the deletion files and returns the uncommitted Delete transaction built at the dataset's version. */
    public Transaction stage(Dataset dataset, String predicate) throws IOException {
        DeletionChanges changes =
                DeletionChanges.write(dataset, matches(dataset, predicate), deletionFileIds, allocator);
        Transaction.Delete delete = Transaction.Delete.newBuilder()
                .setPredicate(predicate)
                .addAllUpdatedFragments(changes.updated())
                .addAllDeletedFragmentIds(changes.removed())
                .build();
        Failpoints.hit(DatasetFailpoints.STAGED);
        return Transaction.newBuilder()
                .setReadVersion(dataset.version())
                .setUuid(UUID.randomUUID().toString())
                .setDelete(delete)
                .build();
    }
}
