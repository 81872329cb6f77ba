package dev.plainlance.lance.io.s3;

import dev.plainlance.lance.io.ByteRange;
import dev.plainlance.lance.io.RandomAccessSource;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * One S3 object opened for positioned reads (a Lance data or index file).
 *
 * <ul>
 *   <li>Opening is one suffix GET of the object's last {@link #TAIL_BYTES}: it gives the size and holds the footer
 *       and usually all metadata, so a small file needs no further request.</li>
 *   <li>{@link #prefetch} fetches hinted ranges ahead on {@link S3ReadPool}: ranges less than {@link #GAP} apart
 *       are merged, and what no block holds yet is fetched in parallel GETs of at most {@link #MAX_REQUEST}
 *       bytes. At most {@link #BUDGET} bytes are held or in flight per object: the blocks fetched first make way
 *       for new ones (a scan reads behind its hints, so those are the ones it has read), and all go on close.</li>
 *   <li>A read that no block covers is a ranged GET of its own, so a wrong hint costs requests, never answers.</li>
 * </ul>
 */
final class S3RandomAccessSource implements RandomAccessSource {
    static final int TAIL_BYTES = 64 << 10;
    static final int GAP = 256 << 10;
    static final int MAX_REQUEST = 4 << 20;
    static final long BUDGET = 64L << 20;

    /**
     * Bytes {@code [start, start + length)} being fetched or fetched, the {@code sequence}-th fetch of the file, at
     * the start of an array from {@link PartBuffers} (which may be longer).
     */
    private static final class Block {
        final long start;
        final int length;
        final long sequence;
        final CompletableFuture<byte[]> bytes;

        Block(long start, int length, long sequence, CompletableFuture<byte[]> bytes) {
            this.start = start;
            this.sequence = sequence;
            this.length = length;
            this.bytes = bytes;
        }

        long end() {
            return start + length;
        }
    }

    private final S3Storage storage;
    private final String key;
    private final long size;
    private final long tailStart;
    private final byte[] tail;
    private final TreeMap<Long, Block> blocks = new TreeMap<>();
    private long held;
    private long fetches;
    /** Reads copying out of blocks now; a block's array goes back to {@link PartBuffers} only when there are none. */
    private int reading;

    private boolean closed;

    private S3RandomAccessSource(S3Storage storage, String key, long size, byte[] tail) {
        this.storage = storage;
        this.key = key;
        this.size = size;
        this.tail = tail;
        this.tailStart = size - tail.length;
    }

    /** Opens {@code key} with one suffix GET. */
    static S3RandomAccessSource open(S3Storage storage, String key) throws IOException {
        S3Storage.Suffix suffix = storage.readSuffix(key, TAIL_BYTES);
        return new S3RandomAccessSource(storage, key, suffix.size(), suffix.bytes());
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public String name() {
        return storage.describe(key);
    }

    @Override
    public ByteBuffer read(long offset, int length) throws IOException {
        byte[] out = new byte[Math.max(length, 0)];
        readFully(offset, out, 0, length);
        return ByteBuffer.wrap(out);
    }

    @Override
    public void readFully(long offset, byte[] destination, int at, int length) throws IOException {
        if (offset < 0 || length < 0 || offset > size - length) {
            throw new EOFException(
                    "range " + offset + "+" + length + " past the end of " + name() + " (" + size + " bytes)");
        }
        if (length == 0) {
            return;
        }
        if (offset >= tailStart) {
            System.arraycopy(tail, (int) (offset - tailStart), destination, at, length);
            return;
        }
        if (offset + length > tailStart) {
            int inTail = (int) (offset + length - tailStart);
            System.arraycopy(tail, 0, destination, at + length - inTail, inTail);
            readBeforeTail(offset, destination, at, length - inTail);
            return;
        }
        readBeforeTail(offset, destination, at, length);
    }

    /** Reads bytes that end at or before the tail: from the blocks that hold them, else with a GET of their own. */
    private void readBeforeTail(long offset, byte[] destination, int at, int length) throws IOException {
        List<Block> covering = covering(offset, length);
        if (covering.isEmpty()) {
            storage.readRange(key, offset, length, destination, at);
            return;
        }
        try {
            for (Block block : covering) {
                byte[] bytes = await(block);
                if (bytes == null) {
                    storage.readRange(key, offset, length, destination, at);
                    return;
                }
                long from = Math.max(offset, block.start);
                long to = Math.min(offset + length, block.end());
                System.arraycopy(
                        bytes, (int) (from - block.start), destination, at + (int) (from - offset), (int) (to - from));
            }
        } finally {
            synchronized (this) {
                reading--;
            }
        }
    }

    /**
     * The blocks that together hold {@code [offset, offset + length)}, in order, or none if they do not. When there
     * are some, the caller is counted in {@link #reading} until it is done with them.
     */
    private synchronized List<Block> covering(long offset, int length) {
        List<Block> found = new ArrayList<>();
        long next = offset;
        long end = offset + length;
        Map.Entry<Long, Block> entry = blocks.floorEntry(offset);
        while (next < end) {
            if (entry == null
                    || entry.getValue().start > next
                    || entry.getValue().end() <= next) {
                return List.of();
            }
            found.add(entry.getValue());
            next = entry.getValue().end();
            entry = blocks.higherEntry(entry.getKey());
        }
        reading++;
        return found;
    }

    /** The bytes of {@code block}, or null when its fetch failed or was dropped (the caller reads directly). */
    private byte[] await(Block block) {
        try {
            return block.bytes.join();
        } catch (CancellationException dropped) {
            return null;
        } catch (CompletionException failed) {
            synchronized (this) {
                remove(block);
            }
            return null;
        }
    }

    private void remove(Block block) {
        if (blocks.remove(block.start, block)) {
            held -= block.length;
            recycle(block);
        }
    }

    /** Gives a removed block's array back if it was fetched and no read may be copying from it. */
    private void recycle(Block block) {
        if (reading == 0 && block.bytes.isDone() && !block.bytes.isCompletedExceptionally()) {
            PartBuffers.release(block.bytes.join());
        }
    }

    @Override
    public void prefetch(List<ByteRange> ranges) {
        List<ByteRange> hinted = new ArrayList<>();
        for (ByteRange range : ranges) {
            long end = Math.min(range.end(), Math.min(tailStart, size));
            if (range.offset() < end) {
                hinted.add(new ByteRange(range.offset(), (int) (end - range.offset())));
            }
        }
        hinted.sort(Comparator.comparingLong(ByteRange::offset));
        synchronized (this) {
            if (closed) {
                return;
            }
            for (ByteRange request : uncovered(merged(hinted))) {
                if (!makeRoom(request.length())) {
                    return;
                }
                fetch(request);
            }
        }
    }

    /**
     * Sorted ranges less than {@link #GAP} apart merged, then cut into requests of at most {@link #MAX_REQUEST}
     * bytes.
     */
    static List<ByteRange> merged(List<ByteRange> sorted) {
        List<ByteRange> requests = new ArrayList<>();
        long start = -1;
        long end = -1;
        for (ByteRange range : sorted) {
            if (start >= 0 && range.offset() - end <= GAP) {
                end = Math.max(end, range.end());
                continue;
            }
            if (start >= 0) {
                split(start, end, requests);
            }
            start = range.offset();
            end = range.end();
        }
        if (start >= 0) {
            split(start, end, requests);
        }
        return requests;
    }

    private static void split(long start, long end, List<ByteRange> out) {
        for (long at = start; at < end; at += MAX_REQUEST) {
            out.add(new ByteRange(at, (int) Math.min(MAX_REQUEST, end - at)));
        }
    }

    /** The parts of {@code requests} no block holds or fetches yet. */
    private List<ByteRange> uncovered(List<ByteRange> requests) {
        List<ByteRange> parts = new ArrayList<>();
        for (ByteRange request : requests) {
            long at = request.offset();
            Map.Entry<Long, Block> entry = blocks.floorEntry(at);
            if (entry == null || entry.getValue().end() <= at) {
                entry = blocks.higherEntry(at);
            }
            while (at < request.end()) {
                Block next = entry == null || entry.getValue().start >= request.end() ? null : entry.getValue();
                long gapEnd = next == null ? request.end() : Math.max(at, next.start);
                if (gapEnd > at) {
                    parts.add(new ByteRange(at, (int) (gapEnd - at)));
                }
                if (next == null) {
                    break;
                }
                at = Math.max(at, next.end());
                entry = blocks.higherEntry(next.start);
            }
        }
        return parts;
    }

    /** Starts fetching {@code request} into a new block; the caller holds the lock and made room. */
    private void fetch(ByteRange request) {
        CompletableFuture<byte[]> bytes = new CompletableFuture<>();
        Block block = new Block(request.offset(), request.length(), fetches++, bytes);
        blocks.put(block.start, block);
        held += block.length;
        S3ReadPool.submit(bytes, () -> {
            byte[] out = PartBuffers.take(request.length());
            try {
                storage.readRange(key, request.offset(), request.length(), out, 0);
                return out;
            } catch (IOException e) {
                PartBuffers.release(out);
                throw new UncheckedIOException(e);
            }
        });
    }

    /** Drops fetched blocks, oldest fetch first, until {@code length} more bytes fit in the budget. */
    private boolean makeRoom(int length) {
        if (held + length <= BUDGET) {
            return true;
        }
        Iterator<Block> oldest = blocks.values().stream()
                .filter(b -> b.bytes.isDone())
                .sorted(Comparator.comparingLong(b -> b.sequence))
                .iterator();
        while (held + length > BUDGET && oldest.hasNext()) {
            remove(oldest.next());
        }
        return held + length <= BUDGET;
    }

    @Override
    public synchronized void close() {
        closed = true;
        for (Block block : blocks.values()) {
            block.bytes.cancel(false);
            recycle(block);
        }
        blocks.clear();
        held = 0;
    }
}
