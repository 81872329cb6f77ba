package dev.plainlance.lance.write;

import dev.plainlance.lance.commit.DatasetFailpoints;
import dev.plainlance.lance.env.Env;
import dev.plainlance.lance.expr.Expressions;
import dev.plainlance.lance.ipc.LanceScanner;
import dev.plainlance.lance.ipc.ScanOptions;
import dev.plainlance.lance.pb.table.Transaction;
import dev.plainlance.lance.scan.RowMatches;
import dev.plainlance.lance.table.TableSnapshot;
import java.io.IOException;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.roaringbitmap.RoaringBitmap;

/**
 * Stages a {@code delete(predicate)}: finds the live rows matching the SQL predicate, writes one new deletion
 * file per touched fragment (the union of its old and new deleted rows), and lists fragments whose every row is
 * now deleted for removal. Nothing is visible until the returned transaction is committed.
 */
public final class RowDeleter {
    /** A staged delete: the uncommitted transaction and how many live rows it deletes. */
    public record Staged(Transaction transaction, long deletedRows) {}

    private final BufferAllocator allocator;

    private final Env env;

    public RowDeleter(Env env) {
        this.env = env;
        this.allocator = env.allocator();
    }

    /**
     * The rows of {@code dataset}'s version matching {@code predicate}, by fragment id. The predicate is checked
     * against the whole schema first, so an unknown column is reported with its position; then it is tested
     * fragment by fragment on the env's worker pool ({@link RowMatches}).
     */
    public static Map<Long, RoaringBitmap> matches(TableSnapshot dataset, String predicate, Env env)
            throws IOException {
        Expressions.bind(predicate, new LanceScanner(dataset, ScanOptions.defaults(), env).schema());
        return RowMatches.of(dataset, predicate, env);
    }

    /** Writes the deletion files and returns the uncommitted Delete transaction built at the dataset's version. */
    public Staged stage(TableSnapshot dataset, String predicate) throws IOException {
        DeletionChanges changes =
                DeletionChanges.write(dataset, matches(dataset, predicate, env), env.randomIds(), allocator);
        Transaction.Delete delete = Transaction.Delete.newBuilder()
                .setPredicate(predicate)
                .addAllUpdatedFragments(changes.updated())
                .addAllDeletedFragmentIds(changes.removed())
                .build();
        env.hit(DatasetFailpoints.STAGED);
        return new Staged(
                Transaction.newBuilder()
                        .setReadVersion(dataset.version())
                        .setUuid(env.newUuid().toString())
                        .setDelete(delete)
                        .build(),
                changes.deletedRows());
    }
}
