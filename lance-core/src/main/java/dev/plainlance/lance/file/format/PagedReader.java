package dev.plainlance.lance.file.format;

import dev.plainlance.lance.file.codec.ArrayData;
import dev.plainlance.lance.file.codec.DecodeException;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link FieldReader} over one column whose pages decode independently into {@link ArrayData} of
 * {@code page length} slots. Keeps the last decoded page; safe for concurrent use when {@link
 * #decodePage} is.
 */
public abstract class PagedReader implements FieldReader {
    protected final ColumnPages pages;
    /** The last decoded page: threads that need it at once wait for one decode. */
    private CachedPage cached;

    private record CachedPage(int page, ArrayData data) {}

    protected PagedReader(ColumnPages pages) {
        this.pages = pages;
    }

    /** Decodes all slots of page {@code page}; must be safe for concurrent use. */
    protected abstract ArrayData decodePage(int page);

    @Override
    public boolean isThreadSafe() {
        return true;
    }

    @Override
    public ArrayData read(long start, int count) {
        if (count == 0) {
            return emptyLike();
        }
        if (!(start >= 0 && start + count <= pages.totalLength())) {
            throw new DecodeException(
                    "rows [" + start + ", +" + count + ") outside column of " + pages.totalLength() + " rows");
        }
        List<ArrayData> parts = new ArrayList<>();
        long row = start;
        long end = start + count;
        while (row < end) {
            int page = pages.pageOf(row);
            ArrayData data = page(page);
            long first = pages.firstRow(page);
            int from = (int) (row - first);
            int to = (int) (Math.min(end, first + pages.length(page)) - first);
            parts.add(data.slice(from, to));
            row = first + to;
        }
        return ArrayData.concat(parts);
    }

    /** Data of an empty read. */
    protected ArrayData emptyLike() {
        return ArrayData.nulls(0);
    }

    private synchronized ArrayData page(int page) {
        if (cached != null && cached.page == page) {
            return cached.data;
        }
        cached = null;
        long length = pages.length(page);
        if (length > Integer.MAX_VALUE - 64) {
            throw new DecodeException("page of " + length + " rows is too large");
        }
        ArrayData data = decodePage(page);
        if (data.length != length) {
            throw new DecodeException("page " + page + " decoded to " + data.length + " values, expected " + length);
        }
        cached = new CachedPage(page, data);
        return data;
    }
}
