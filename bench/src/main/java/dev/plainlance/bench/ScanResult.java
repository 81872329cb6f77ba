package dev.plainlance.bench;

/** What a scan saw: rows, and checksums that make every decoded value count. */
record ScanResult(long rows, double valueSum, long idSum, long nameBytes, int batches) {
    /** Accumulates per-batch results. */
    static final class Builder {
        long rows;
        double valueSum;
        long idSum;
        long nameBytes;
        int batches;

        ScanResult build() {
            return new ScanResult(rows, valueSum, idSum, nameBytes, batches);
        }
    }
}
