package dev.plainlance.lance.scan;

import dev.plainlance.lance.env.Futures;
import dev.plainlance.lance.pb.table.DataFragment;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Schema;
import org.roaringbitmap.PeekableIntIterator;
import org.roaringbitmap.RoaringBitmap;

/**
 * Batches of a dataset version in scan order: fragments in manifest order, rows in physical order, deleted rows
 * skipped. Each batch reads at most {@code batchSize} physical rows, so memory is bounded by the batch size and
 * the page size, never by the size of a file or the dataset.
 *
 * <p>With a selection (rows by fragment id, as {@link RowMatches} or an index finds them) only the selected rows
 * that are not deleted are returned: other fragments are not opened, and ranges of {@code batchSize} rows without a selected row are not
 * read. The batches are then the ones a filtered scan of the same rows returns: one per range with a kept row.
 */
final class ScanReader extends ArrowReader {
    private final RowSource rows;
    private final List<DataFragment> fragments;
    private final int batchSize;
    private final long limit;
    private final Map<Long, RoaringBitmap> selection;
    private int nextFragment;
    private RowSource.OpenFragment current;
    private RoaringBitmap selected;
    private long nextOffset;
    private long emitted;
    private int[] lastOffsets = new int[0];
    /** Fragments being opened ahead, in scan order, each with its index in {@link #fragments}. */
    private final ArrayDeque<Opening> opening = new ArrayDeque<>();

    /** How many fragments a full scan opens ahead of the one it reads. */
    static final int FRAGMENTS_AHEAD = 3;

    private record Opening(int index, CompletableFuture<RowSource.OpenFragment> open) {}

    ScanReader(RowSource rows, List<DataFragment> fragments, int batchSize, long limit, BufferAllocator allocator) {
        this(rows, fragments, batchSize, limit, null, allocator);
    }

    ScanReader(
            RowSource rows,
            List<DataFragment> fragments,
            int batchSize,
            long limit,
            Map<Long, RoaringBitmap> selection,
            BufferAllocator allocator) {
        super(allocator);
        this.rows = rows;
        this.fragments = fragments;
        this.batchSize = batchSize;
        this.limit = limit;
        this.selection = selection;
    }

    @Override
    public boolean loadNextBatch() throws IOException {
        VectorSchemaRoot root = getVectorSchemaRoot();
        while (emitted < limit) {
            if (current == null || nextOffset >= current.proto.getPhysicalRows()) {
                if (!openNextFragment()) {
                    return false;
                }
                continue;
            }
            long readEnd = current.proto.getPhysicalRows();
            if (selected != null) {
                // straight to the batch of the next selected row; nothing past the last one is decoded ahead
                long next = selected.nextValue((int) nextOffset);
                if (next < 0) {
                    nextOffset = readEnd;
                    continue;
                }
                nextOffset = Math.max(nextOffset, next - next % batchSize);
                long last = Integer.toUnsignedLong(selected.last());
                readEnd = Math.min(readEnd, (last / batchSize + 1) * batchSize);
            }
            int count = (int) Math.min(batchSize, current.proto.getPhysicalRows() - nextOffset);
            int[] kept = new int[count];
            int n = 0;
            if (selected != null) {
                PeekableIntIterator it = selected.getIntIterator();
                it.advanceIfNeeded((int) nextOffset);
                boolean anyDeleted = current.deletions.cardinality() > 0;
                while (it.hasNext() && it.peekNext() < nextOffset + count && emitted + n < limit) {
                    int offset = it.next();
                    if (!anyDeleted || !current.deletions.isDeleted(offset)) {
                        kept[n++] = offset;
                    }
                }
            } else {
                boolean anyDeleted = current.deletions.cardinality() > 0;
                for (int i = 0; i < count && emitted + n < limit; i++) {
                    int offset = (int) (nextOffset + i);
                    if (!anyDeleted || !current.deletions.isDeleted(offset)) {
                        kept[n++] = offset;
                    }
                }
            }
            long start = nextOffset;
            nextOffset += count;
            if (n == 0) {
                continue;
            }
            current.copyRows(start, count, readEnd, kept, n, root);
            lastOffsets = kept;
            root.setRowCount(n);
            emitted += n;
            return true;
        }
        return false;
    }

    /** The physical offsets in its fragment of each row of the last batch (the first rows of the array). */
    int[] lastOffsets() {
        return lastOffsets;
    }

    /** The id of the fragment the last batch's rows belong to. */
    long lastFragmentId() {
        return current.proto.getId();
    }

    private boolean openNextFragment() {
        closeCurrent();
        int index = nextWanted(nextFragment);
        if (index >= fragments.size()) {
            return false;
        }
        DataFragment fragment = fragments.get(index);
        nextFragment = index + 1;
        selected = selection == null ? null : selection.get(fragment.getId());
        if (!opening.isEmpty() && opening.peekFirst().index() == index) {
            current = Futures.await(opening.pollFirst().open());
        } else {
            current = rows.new OpenFragment(fragment);
        }
        nextOffset = 0;
        openAhead();
        return true;
    }

    /** The index of the first fragment from {@code from} on that the scan reads. */
    private int nextWanted(int from) {
        int index = from;
        while (selection != null
                && index < fragments.size()
                && !selection.containsKey(fragments.get(index).getId())) {
            index++;
        }
        return index;
    }

    /**
     * Opens the next {@link #FRAGMENTS_AHEAD} fragments after the current one in the background and asks their
     * files for their first pages, so that on slow storage they arrive while the current one is read, several
     * files' ranges in flight at once. Only full scans do (no limit, no selection), as only they are sure to read
     * them. A fragment that fails to open fails the scan only when the scan reaches it.
     */
    private void openAhead() {
        if (selection != null || limit != Long.MAX_VALUE) {
            return;
        }
        int next = opening.isEmpty() ? nextFragment : opening.peekLast().index() + 1;
        while (next < fragments.size() && next < nextFragment + FRAGMENTS_AHEAD) {
            DataFragment fragment = fragments.get(next);
            opening.addLast(new Opening(
                    next,
                    CompletableFuture.supplyAsync(
                            () -> {
                                RowSource.OpenFragment open = rows.new OpenFragment(fragment);
                                try {
                                    open.prefetchStart(batchSize);
                                } catch (RuntimeException e) {
                                    open.close();
                                    throw e;
                                }
                                return open;
                            },
                            FragmentOpener.executor())));
            next++;
        }
    }

    private void closeCurrent() {
        if (current != null) {
            current.close();
            current = null;
        }
    }

    /** Waits for the fragments being opened ahead and closes them (their memory comes from the scan's allocator). */
    private void closeOpening() {
        while (!opening.isEmpty()) {
            try {
                opening.pollFirst().open().join().close();
            } catch (CompletionException failed) {
                // never read: its failure does not matter
            }
        }
    }

    @Override
    public long bytesRead() {
        return 0;
    }

    @Override
    protected void closeReadSource() {
        closeCurrent();
        closeOpening();
    }

    @Override
    protected Schema readSchema() {
        return rows.schema();
    }
}
