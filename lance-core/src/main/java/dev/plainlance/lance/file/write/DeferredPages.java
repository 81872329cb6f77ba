package dev.plainlance.lance.file.write;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Pages held back while columns are encoded in parallel, then written in the order a sequential
 * writer would have written them, so that the file's layout does not depend on thread timing. A
 * page's buffers may be views of a column's working arrays, which the column reuses for its next
 * page, so they are copied when the page is held back.
 */
final class DeferredPages implements PageWriter {
    private record Pending(int column, EncodedPage page) {}

    private final List<Pending> pending = new ArrayList<>();

    @Override
    public void writePage(int column, EncodedPage page) {
        List<Buf> copies = new ArrayList<>(page.buffers().size());
        for (Buf buf : page.buffers()) {
            copies.add(Buf.of(Arrays.copyOfRange(buf.array(), buf.offset(), buf.offset() + buf.length())));
        }
        pending.add(new Pending(column,
                new EncodedPage(copies, page.encoding(), page.length(), page.priority())));
    }

    /** Writes the held pages to {@code target} in arrival order and forgets them. */
    void writeTo(PageWriter target) {
        for (Pending p : pending) {
            target.writePage(p.column(), p.page());
        }
        pending.clear();
    }
}
