package dev.plainlance.lance.ipc;

import java.util.Map;
import java.util.Objects;

/**
 * What a scan read, mirroring {@code org.lance.ipc.ScanStats}; see {@link LanceScanner#getStats()}. plainlance counts
 * page buffer reads as its file readers issue them ({@code iops} and {@code requests} alike; the storage may serve
 * several from one ranged request), their bytes, and the index segments a filter consulted. {@code partsLoaded} and
 * {@code indexComparisons} (vector index partitions and their comparisons) are 0: plainlance's nearest search scans
 * rather than probing an index. {@code allCounts} holds {@code rows_scanned}, {@code fragments_scanned} and
 * {@code ranges_scanned}, as the official scan names them; {@code allTimes} holds {@code batch_wait_time}, the
 * nanoseconds the caller spent waiting for batches.
 */
public final class ScanStats {
    private final long iops;
    private final long requests;
    private final long bytesRead;
    private final long indicesLoaded;
    private final long partsLoaded;
    private final long indexComparisons;
    private final Map<String, Long> allCounts;
    private final Map<String, Long> allTimes;

    public ScanStats(
            long iops,
            long requests,
            long bytesRead,
            long indicesLoaded,
            long partsLoaded,
            long indexComparisons,
            Map<String, Long> allCounts,
            Map<String, Long> allTimes) {
        this.iops = iops;
        this.requests = requests;
        this.bytesRead = bytesRead;
        this.indicesLoaded = indicesLoaded;
        this.partsLoaded = partsLoaded;
        this.indexComparisons = indexComparisons;
        this.allCounts = Map.copyOf(allCounts);
        this.allTimes = Map.copyOf(allTimes);
    }

    public long getIops() {
        return iops;
    }

    public long getRequests() {
        return requests;
    }

    public long getBytesRead() {
        return bytesRead;
    }

    public long getIndicesLoaded() {
        return indicesLoaded;
    }

    public long getPartsLoaded() {
        return partsLoaded;
    }

    public long getIndexComparisons() {
        return indexComparisons;
    }

    public Map<String, Long> getAllCounts() {
        return allCounts;
    }

    public Map<String, Long> getAllTimes() {
        return allTimes;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ScanStats that
                && iops == that.iops
                && requests == that.requests
                && bytesRead == that.bytesRead
                && indicesLoaded == that.indicesLoaded
                && partsLoaded == that.partsLoaded
                && indexComparisons == that.indexComparisons
                && allCounts.equals(that.allCounts)
                && allTimes.equals(that.allTimes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                iops, requests, bytesRead, indicesLoaded, partsLoaded, indexComparisons, allCounts, allTimes);
    }

    @Override
    public String toString() {
        return "ScanStats{iops=" + iops + ", requests=" + requests + ", bytesRead=" + bytesRead + ", indicesLoaded="
                + indicesLoaded + ", partsLoaded=" + partsLoaded + ", indexComparisons=" + indexComparisons
                + ", allCounts=" + allCounts + ", allTimes=" + allTimes + "}";
    }
}
