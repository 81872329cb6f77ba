package dev.plainlance.lance.file.v20;

import dev.plainlance.lance.file.codec.ArrayData;
import dev.plainlance.lance.file.format.ColumnPages;
import dev.plainlance.lance.file.format.PagedReader;
import dev.plainlance.lance.pb.enc20.ArrayEncoding;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a 2.0 column that holds values (not a struct header or list offsets). Rows of pages whose
 * encoding maps rows to byte ranges are read by range ({@link V20RangeReads}); other reads decode
 * whole pages.
 */
final class V20LeafReader extends PagedReader {
    private final boolean arrowDictionary;

    V20LeafReader(ColumnPages pages, boolean arrowDictionary) {
        super(pages);
        this.arrowDictionary = arrowDictionary;
    }

    @Override
    public ArrayData read(long start, int count) {
        if (!(count > 0 && start >= 0 && start + count <= pages.totalLength())) {
            return super.read(start, count);
        }
        List<ArrayData> parts = new ArrayList<>(1);
        long row = start;
        long end = start + count;
        while (row < end) {
            int page = pages.pageOf(row);
            ArrayEncoding encoding = V20FieldReaders.encoding(pages, page);
            if (!V20RangeReads.supports(encoding)) {
                return super.read(start, count);
            }
            long first = pages.firstRow(page);
            int to = (int) (Math.min(end, first + pages.length(page)) - first);
            int from = (int) (row - first);
            parts.add(V20RangeReads.read(pages, page, encoding, from, to - from));
            row = first + to;
        }
        return ArrayData.concat(parts);
    }

    @Override
    protected ArrayData decodePage(int page) {
        return new V20PageDecoder(pages.readBuffers(page), arrowDictionary)
                .decode(V20FieldReaders.encoding(pages, page), (int) pages.length(page));
    }
}
