package dev.plainlance.lance.file.v20;

import dev.plainlance.lance.file.codec.ArrayData;
import dev.plainlance.lance.file.codec.Bitmaps;
import dev.plainlance.lance.file.codec.Bytes;
import dev.plainlance.lance.file.codec.DecodeException;
import dev.plainlance.lance.file.format.ColumnPages;
import dev.plainlance.lance.file.format.FieldReader;
import dev.plainlance.lance.pb.enc20.ArrayEncoding;
import dev.plainlance.lance.pb.enc20.List;

/**
 * Reads a 2.0 list offsets column: each page stores, per row, the end offset of the row's items
 * relative to the page's first item, plus {@code null_offset_adjustment} for null rows. The items
 * of page {@code p} are the next {@code num_items} items of the item column.
 */
final class V20ListReader {
    private final ColumnPages pages;
    private final long[] firstItem;
    private int cachedPage = -1;
    private long[] cachedEnds;
    private byte[] cachedValidity;

    V20ListReader(ColumnPages pages) {
        this.pages = pages;
        this.firstItem = new long[pages.count() + 1];
        for (int p = 0; p < pages.count(); p++) {
            List list = listEncoding(p);
            DecodeException.check(list.getNumItems() >= 0, "negative list item count");
            firstItem[p + 1] = Math.addExact(firstItem[p], list.getNumItems());
        }
    }

    long totalItems() {
        return firstItem[pages.count()];
    }

    /** A reader producing list arrays whose items come from {@code items}. */
    FieldReader withItems(FieldReader items) {
        return (start, count) -> {
            int[] offsets = new int[count + 1];
            byte[] validity = null;
            long firstItemOfRange = -1;
            long nextItem = -1;
            for (int i = 0; i < count; i++) {
                long row = start + i;
                int page = pages.pageOf(row);
                load(page);
                int local = (int) (row - pages.firstRow(page));
                long rowStart = firstItem[page] + (local == 0 ? 0 : cachedEnds[local - 1]);
                long rowEnd = firstItem[page] + cachedEnds[local];
                if (i == 0) {
                    firstItemOfRange = rowStart;
                } else {
                    DecodeException.check(rowStart == nextItem, "list items of consecutive rows are not contiguous");
                }
                nextItem = rowEnd;
                offsets[i + 1] = DecodeException.toInt(rowEnd - firstItemOfRange, "list offset");
                if (cachedValidity != null && !Bitmaps.get(cachedValidity, local)) {
                    if (validity == null) {
                        validity = Bitmaps.allSet(count);
                    }
                    validity[i >>> 3] &= (byte) ~(1 << (i & 7));
                }
            }
            long from = count == 0 ? 0 : firstItemOfRange;
            ArrayData children = items.read(from, offsets[count]);
            return ArrayData.list(count, offsets, children, validity);
        };
    }

    private void load(int page) {
        if (page == cachedPage) {
            return;
        }
        List list = listEncoding(page);
        int rows = DecodeException.toInt(pages.length(page), "list page length");
        ArrayData raw = new V20PageDecoder(pages.readBuffers(page), false).decode(list.getOffsets(), rows);
        DecodeException.check(
                raw.kind == ArrayData.Kind.FIXED && (raw.width == 4 || raw.width == 8),
                "list offsets must be 32- or 64-bit integers");
        long adjustment = list.getNullOffsetAdjustment();
        long numItems = list.getNumItems();
        long[] ends = new long[rows];
        byte[] validity = raw.validity == null ? null : raw.validity.clone();
        long previous = 0;
        for (int i = 0; i < rows; i++) {
            long end = Bytes.uint(raw.data, i * raw.width, raw.width);
            if (adjustment > 0 && Long.compareUnsigned(end, adjustment) >= 0) {
                end -= adjustment;
                if (validity == null) {
                    validity = Bitmaps.allSet(rows);
                }
                validity[i >>> 3] &= (byte) ~(1 << (i & 7));
            }
            DecodeException.check(end >= previous && end <= numItems, "list offsets out of range");
            ends[i] = end;
            previous = end;
        }
        cachedEnds = ends;
        cachedValidity = validity;
        cachedPage = page;
    }

    private List listEncoding(int page) {
        ArrayEncoding encoding = V20FieldReaders.encoding(pages, page);
        DecodeException.check(encoding.hasList(), "list column page is not list-encoded");
        return encoding.getList();
    }
}
