package dev.plainlance.lance.scan;

import dev.plainlance.lance.env.Env;
import dev.plainlance.lance.expr.ColumnReferences;
import dev.plainlance.lance.expr.Expressions;
import dev.plainlance.lance.expr.Predicate;
import dev.plainlance.lance.pb.table.DataFragment;
import dev.plainlance.lance.table.TableSnapshot;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.roaringbitmap.RoaringBitmap;

/**
 * The live rows of a table version that match a SQL predicate, found fragment by fragment on the env's worker pool
 * (the threads that decode pages), so that delete and update test their predicate on every processor.
 *
 * <p>Each fragment is read (only the columns the predicate names) and tested by one task; a bounded window of
 * tasks runs ahead of the one whose result is taken next, so memory stays bounded by the window, not the table.
 * A task decodes its fragment's pages on its own thread (see {@link dev.plainlance.lance.file.LanceFileBatchReader});
 * a table of one fragment is tested on the caller's thread, its pages decoded ahead on the pool as in a scan.
 * The result is a set of rows per fragment and does not depend on the pool, its size or the order tasks run in.
 * When fragments fail, the failure of the first of them in manifest order is thrown, as it was raised, after every
 * started task has finished (so none still reads through the caller's allocator or storage).
 */
public final class RowMatches {
    private RowMatches() {}

    /**
     * The rows of {@code table} matching {@code predicate}: fragment id to the physical offsets of its matching
     * live rows, in manifest order, fragments without matches left out.
     *
     * @throws dev.plainlance.lance.expr.ExpressionParseException for bad SQL or unknown columns, with position
     */
    public static SortedMap<Long, RoaringBitmap> of(TableSnapshot table, String predicate, Env env) throws IOException {
        List<String> columns = List.copyOf(ColumnReferences.topLevel(Expressions.parse(predicate)));
        RowSource source = new RowSource(
                table.bases(), table.schema().project(columns).fields(), false, false, table.hasStableRowIds(), env);
        Predicate filter = Expressions.predicate(predicate, source.schema());
        List<DataFragment> fragments = table.fragments();
        ForkJoinPool pool = env.workers();
        int window = Math.max(2, 2 * pool.getParallelism());
        AtomicInteger firstFailed = new AtomicInteger(Integer.MAX_VALUE);
        ArrayDeque<ForkJoinTask<Outcome>> running = new ArrayDeque<>();
        SortedMap<Long, RoaringBitmap> matches = new TreeMap<>();
        Throwable failure = null;
        int next = 0;
        while (!running.isEmpty() || (next < fragments.size() && failure == null)) {
            while (next < fragments.size() && running.size() < window && failure == null) {
                int index = next++;
                DataFragment fragment = fragments.get(index);
                ForkJoinTask<Outcome> task =
                        ForkJoinTask.adapt(() -> test(source, fragment, filter, index, firstFailed, env));
                if (fragments.size() == 1) {
                    // nothing to run beside it: tested here, so its pages still decode ahead on the pool
                    task.invoke();
                    running.addLast(task);
                } else {
                    running.addLast(pool.submit(task));
                }
            }
            Outcome outcome = running.removeFirst().join();
            if (failure == null && outcome.failure() != null) {
                failure = outcome.failure();
            } else if (failure == null && !outcome.rows().isEmpty()) {
                matches.put(outcome.fragmentId(), outcome.rows());
            }
        }
        if (failure instanceof IOException e) {
            throw e;
        }
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        if (failure != null) {
            throw new IllegalStateException(failure);
        }
        return matches;
    }

    /** One fragment's matching rows, or what testing it raised. */
    private record Outcome(long fragmentId, RoaringBitmap rows, Throwable failure) {}

    /**
     * Tests every live row of one fragment. Skipped (an empty outcome nobody reads) when a fragment before it in
     * manifest order already failed, so the failure reported is the one a one-by-one scan would have met first.
     */
    private static Outcome test(
            RowSource source, DataFragment fragment, Predicate filter, int index, AtomicInteger firstFailed, Env env) {
        if (firstFailed.get() < index) {
            return new Outcome(fragment.getId(), new RoaringBitmap(), null);
        }
        RoaringBitmap rows = new RoaringBitmap();
        try (ScanReader reader = new ScanReader(
                source, List.of(fragment), TableScan.DEFAULT_BATCH_SIZE, Long.MAX_VALUE, env.allocator())) {
            while (reader.loadNextBatch()) {
                VectorSchemaRoot root = reader.getVectorSchemaRoot();
                BitSet selected = filter.test(root);
                int[] offsets = reader.lastOffsets();
                for (int row = selected.nextSetBit(0); row >= 0; row = selected.nextSetBit(row + 1)) {
                    rows.add(offsets[row]);
                }
            }
            return new Outcome(fragment.getId(), rows, null);
        } catch (IOException e) {
            firstFailed.accumulateAndGet(index, Math::min);
            return new Outcome(fragment.getId(), null, e);
        } catch (RuntimeException | Error e) {
            firstFailed.accumulateAndGet(index, Math::min);
            return new Outcome(fragment.getId(), null, e);
        }
    }
}
