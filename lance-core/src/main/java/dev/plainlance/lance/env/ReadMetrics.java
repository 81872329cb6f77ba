package dev.plainlance.lance.env;

import java.util.concurrent.atomic.LongAdder;

/**
 * What a read did, counted as it goes (a scan with {@code collectStats}): page buffer reads and their bytes, the rows
 * and row ranges read from fragments, the fragments opened and the index segments consulted. Thread-safe; the
 * {@link #DISCARD} instance counts nothing.
 */
public final class ReadMetrics {
    /** Counts nothing: reads not asked to collect statistics. */
    public static final ReadMetrics DISCARD = new ReadMetrics(false);

    private final boolean enabled;
    private final LongAdder pageReads = new LongAdder();
    private final LongAdder pageBytes = new LongAdder();
    private final LongAdder rows = new LongAdder();
    private final LongAdder ranges = new LongAdder();
    private final LongAdder fragments = new LongAdder();
    private final LongAdder indices = new LongAdder();

    private ReadMetrics(boolean enabled) {
        this.enabled = enabled;
    }

    /** Metrics that count. */
    public static ReadMetrics collecting() {
        return new ReadMetrics(true);
    }

    /** A file's page buffer reads and bytes, added when it is closed. */
    public void pages(long reads, long bytes) {
        if (enabled) {
            pageReads.add(reads);
            pageBytes.add(bytes);
        }
    }

    /** Rows read from a fragment; {@code newRange} when they do not continue the previous read. */
    public void rows(long count, boolean newRange) {
        if (enabled) {
            rows.add(count);
            if (newRange) {
                ranges.increment();
            }
        }
    }

    public void fragmentOpened() {
        if (enabled) {
            fragments.increment();
        }
    }

    public void indexConsulted() {
        if (enabled) {
            indices.increment();
        }
    }

    public long pageReads() {
        return pageReads.sum();
    }

    public long pageBytes() {
        return pageBytes.sum();
    }

    public long rows() {
        return rows.sum();
    }

    public long ranges() {
        return ranges.sum();
    }

    public long fragments() {
        return fragments.sum();
    }

    public long indices() {
        return indices.sum();
    }
}
