package dev.plainlance.lance.scan;

import dev.plainlance.lance.env.Futures;
import dev.plainlance.lance.pb.table.DataFragment;
import java.io.IOException;
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
    private CompletableFuture<RowSource.OpenFragment> opening;
    private int openingIndex = -1;

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

    private boolean openNextFragment() {
        closeCurrent();
        int index = nextWanted(nextFragment);
        if (index >= fragments.size()) {
            return false;
        }
        DataFragment fragment = fragments.get(index);
        nextFragment = index + 1;
        selected = selection == null ? null : selection.get(fragment.getId());
        if (opening != null && openingIndex == index) {
            CompletableFuture<RowSource.OpenFragment> opened = opening;
            opening = null;
            current = Futures.await(opened);
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
     * Opens the fragment after the current one in the background and asks its files for their first pages, so
     * that on slow storage they arrive while the current one is read. Only full scans do (no limit, no selection),
     * as only they are sure to read it.
     */
    private void openAhead() {
        int index = nextFragment;
        if (selection != null || limit != Long.MAX_VALUE || index >= fragments.size()) {
            return;
        }
        DataFragment fragment = fragments.get(index);
        openingIndex = index;
        opening = CompletableFuture.supplyAsync(
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
                FragmentOpener.executor());
    }

    private void closeCurrent() {
        if (current != null) {
            current.close();
            current = null;
        }
    }

    /** Waits for a fragment being opened ahead and closes it (its memory comes from the scan's allocator). */
    private void closeOpening() {
        if (opening != null) {
            CompletableFuture<RowSource.OpenFragment> opened = opening;
            opening = null;
            try {
                opened.join().close();
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
