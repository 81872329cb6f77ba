package dev.plainlance.lance.file.v20;

import dev.plainlance.lance.file.ColumnPages;
import dev.plainlance.lance.file.PagedReader;
import dev.plainlance.lance.file.codec.ArrayData;

/** Reads a 2.0 column that holds values (not a struct header or list offsets). */
final class V20LeafReader extends PagedReader {
    private final boolean arrowDictionary;

    V20LeafReader(ColumnPages pages, boolean arrowDictionary) {
        super(pages);
        this.arrowDictionary = arrowDictionary;
    }

    @Override
    protected ArrayData decodePage(int page) {
        return new V20PageDecoder(pages.readBuffers(page), arrowDictionary)
                .decode(V20FieldReaders.encoding(pages, page), (int) pages.length(page));
    }
}
