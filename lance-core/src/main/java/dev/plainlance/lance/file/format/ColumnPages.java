package dev.plainlance.lance.file.format;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.plainlance.lance.file.codec.DecodeException;
import dev.plainlance.lance.io.ByteRange;
import dev.plainlance.lance.io.RandomAccessSource;
import dev.plainlance.lance.pb.file2.ColumnMetadata;
import dev.plainlance.lance.pb.file2.Encoding;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/** The pages of one column: their row ranges, encodings and buffer ranges, and buffer loading. */
public final class ColumnPages {
    /** Buffers up to this size are hinted whole even when only some of their rows are wanted. */
    private static final int WHOLE_BUFFER_HINT = 256 << 10;

    private final RandomAccessSource source;
    private final LongAdder bytesRead;
    private final LongAdder reads;
    private final List<ColumnMetadata.Page> pages;
    private final long[] firstRow;
    private final long pageBytes;

    public ColumnPages(RandomAccessSource source, ColumnMetadata metadata, LongAdder bytesRead) {
        this(source, metadata, bytesRead, new LongAdder());
    }

    /** Pages counting their buffer reads into {@code reads} and their bytes into {@code bytesRead}. */
    public ColumnPages(RandomAccessSource source, ColumnMetadata metadata, LongAdder bytesRead, LongAdder reads) {
        this.source = source;
        this.bytesRead = bytesRead;
        this.reads = reads;
        this.pages = metadata.getPagesList();
        this.firstRow = new long[pages.size() + 1];
        long fileSize = source.size();
        for (int i = 0; i < pages.size(); i++) {
            ColumnMetadata.Page page = pages.get(i);
            if (page.getBufferOffsetsCount() != page.getBufferSizesCount()) {
                throw new DecodeException("page " + i + " has mismatched buffer offsets and sizes");
            }
            for (int b = 0; b < page.getBufferOffsetsCount(); b++) {
                long offset = page.getBufferOffsets(b);
                long size = page.getBufferSizes(b);
                if (!(offset >= 0 && size >= 0 && size <= Integer.MAX_VALUE - 64 && offset <= fileSize - size)) {
                    throw new DecodeException(
                            "page " + i + " buffer " + b + " [" + offset + ", +" + size + ") lies outside the file");
                }
            }
            DecodeException.check(page.getLength() >= 0, "negative page length");
            firstRow[i + 1] = Math.addExact(firstRow[i], page.getLength());
        }
        long bytes = 0;
        for (ColumnMetadata.Page page : pages) {
            for (long size : page.getBufferSizesList()) {
                bytes += size;
            }
        }
        this.pageBytes = bytes;
    }

    /** Bytes of every page buffer of the column (its data on disk, metadata excluded). */
    public long pageBytes() {
        return pageBytes;
    }

    public int count() {
        return pages.size();
    }

    /** Total rows (or items) over all pages. */
    public long totalLength() {
        return firstRow[pages.size()];
    }

    public long firstRow(int page) {
        return firstRow[page];
    }

    public long length(int page) {
        return pages.get(page).getLength();
    }

    /** Index of the page containing {@code row}. */
    public int pageOf(long row) {
        if (!(row >= 0 && row < totalLength())) {
            throw new DecodeException("row " + row + " outside column of " + totalLength());
        }
        int lo = 0;
        int hi = pages.size() - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (firstRow[mid] <= row) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    /**
     * Adds where rows (or items) {@code [from, to)} of this column lie to {@code out}: every buffer of the pages
     * they fill, and of a page they fill only in part, the proportional part of its larger buffers (with a margin,
     * as values are not spread evenly). A hint for reading ahead, not an exact list.
     */
    public void addBufferRanges(long from, long to, List<ByteRange> out) {
        long end = Math.min(to, totalLength());
        if (from >= end) {
            return;
        }
        for (int page = pageOf(from); page < pages.size() && firstRow[page] < end; page++) {
            ColumnMetadata.Page meta = pages.get(page);
            long first = firstRow[page];
            long length = meta.getLength();
            boolean whole = from <= first && end >= first + length;
            for (int b = 0; b < meta.getBufferOffsetsCount(); b++) {
                long offset = meta.getBufferOffsets(b);
                long size = meta.getBufferSizes(b);
                if (size == 0) {
                    continue;
                }
                if (whole || size <= WHOLE_BUFFER_HINT || length == 0) {
                    out.add(new ByteRange(offset, (int) size));
                    continue;
                }
                double perRow = (double) size / length;
                long lo = (long) (perRow * Math.max(0, from - first));
                long hi = (long) Math.ceil(perRow * (Math.min(end, first + length) - first));
                long margin = WHOLE_BUFFER_HINT / 4 + (hi - lo) / 8;
                lo = Math.max(0, lo - margin);
                hi = Math.min(size, hi + margin);
                out.add(new ByteRange(offset + lo, (int) (hi - lo)));
            }
        }
    }

    public int bufferCount(int page) {
        return pages.get(page).getBufferOffsetsCount();
    }

    public long bufferOffset(int page, int buffer) {
        return pages.get(page).getBufferOffsets(buffer);
    }

    public int bufferSize(int page, int buffer) {
        return (int) pages.get(page).getBufferSizes(buffer);
    }

    /** Reads every buffer of a page. */
    public byte[][] readBuffers(int page) {
        byte[][] buffers = new byte[bufferCount(page)][];
        for (int b = 0; b < buffers.length; b++) {
            buffers[b] = readBuffer(page, b);
        }
        return buffers;
    }

    /** Reads one buffer of a page. */
    public byte[] readBuffer(int page, int buffer) {
        if (!(buffer >= 0 && buffer < bufferCount(page))) {
            throw new DecodeException("page buffer " + buffer + " does not exist");
        }
        int size = bufferSize(page, buffer);
        bytesRead.add(size);
        reads.increment();
        return read(source, bufferOffset(page, buffer), size);
    }

    /**
     * Reads {@code length} bytes at {@code offset} inside one buffer of a page into {@code
     * destination} (from index 0).
     */
    public void readBufferRange(int page, int buffer, int offset, int length, byte[] destination) {
        DecodeException.check(buffer >= 0 && buffer < bufferCount(page), "page buffer does not exist");
        DecodeException.check(
                offset >= 0 && length >= 0 && offset <= bufferSize(page, buffer) - length,
                "range outside the page buffer");
        DecodeException.check(length <= destination.length, "destination too small");
        bytesRead.add(length);
        reads.increment();
        try {
            source.readFully(bufferOffset(page, buffer) + offset, destination, 0, length);
        } catch (EOFException e) {
            throw new DecodeException("unexpected end of file", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The page's encoding message: the value of its direct {@code google.protobuf.Any}. */
    public ByteString encoding(int page, String expectedTypeName) {
        return unpack(pages.get(page).getEncoding(), expectedTypeName);
    }

    static ByteString unpack(Encoding encoding, String expectedTypeName) {
        DecodeException.check(encoding.hasDirect(), "encoding is not stored directly");
        try {
            Any any = Any.parseFrom(encoding.getDirect().getEncoding());
            String url = any.getTypeUrl();
            String type = url.substring(url.lastIndexOf('/') + 1);
            if (!(type.equals(expectedTypeName))) {
                throw new DecodeException("unexpected encoding type '" + url + "'");
            }
            return any.getValue();
        } catch (InvalidProtocolBufferException e) {
            throw new DecodeException("malformed encoding message", e);
        }
    }

    public static byte[] read(RandomAccessSource source, long offset, int length) {
        try {
            ByteBuffer buffer = source.read(offset, length);
            if (buffer.remaining() != length) {
                throw new DecodeException("source returned " + buffer.remaining() + " bytes, expected " + length);
            }
            if (buffer.hasArray()
                    && buffer.arrayOffset() == 0
                    && buffer.position() == 0
                    && buffer.array().length == length) {
                return buffer.array();
            }
            byte[] out = new byte[length];
            buffer.get(out);
            return out;
        } catch (EOFException e) {
            throw new DecodeException("unexpected end of file", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
