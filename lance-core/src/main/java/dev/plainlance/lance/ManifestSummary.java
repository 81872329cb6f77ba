package dev.plainlance.lance;

import dev.plainlance.lance.pb.table.DataFile;
import dev.plainlance.lance.pb.table.DataFragment;
import dev.plainlance.lance.pb.table.Manifest;
import java.util.SortedMap;
import java.util.TreeMap;

/** Totals of one manifest, computed exactly as the official library does. Mirrors {@code org.lance.ManifestSummary}. */
public record ManifestSummary(
        long totalDataFileRows,
        long totalDataFiles,
        long totalDeletionFileRows,
        long totalDeletionFiles,
        long totalFilesSize,
        long totalFragments,
        long totalRows) {

    /** Sums over the fragments of {@code manifest}. */
    static ManifestSummary of(Manifest manifest) {
        long dataFiles = 0;
        long rows = 0;
        long filesSize = 0;
        long deletionFiles = 0;
        long deletedRows = 0;
        for (DataFragment fragment : manifest.getFragmentsList()) {
            dataFiles += fragment.getFilesCount();
            long deleted =
                    fragment.hasDeletionFile() ? fragment.getDeletionFile().getNumDeletedRows() : 0;
            rows += fragment.getPhysicalRows() - deleted;
            for (DataFile file : fragment.getFilesList()) {
                filesSize += file.getFileSizeBytes();
            }
            if (fragment.hasDeletionFile()) {
                deletionFiles++;
                deletedRows += deleted;
            }
        }
        return new ManifestSummary(
                rows + deletedRows,
                dataFiles,
                deletedRows,
                deletionFiles,
                filesSize,
                manifest.getFragmentsCount(),
                rows);
    }

    /** The summary as {@code Version.getMetadata()} reports it. */
    public SortedMap<String, String> asMetadata() {
        SortedMap<String, String> map = new TreeMap<>();
        map.put("total_data_file_rows", Long.toString(totalDataFileRows));
        map.put("total_data_files", Long.toString(totalDataFiles));
        map.put("total_deletion_file_rows", Long.toString(totalDeletionFileRows));
        map.put("total_deletion_files", Long.toString(totalDeletionFiles));
        map.put("total_files_size", Long.toString(totalFilesSize));
        map.put("total_fragments", Long.toString(totalFragments));
        map.put("total_rows", Long.toString(totalRows));
        return map;
    }

    public long getTotalDataFileRows() {
        return totalDataFileRows;
    }

    public long getTotalDataFiles() {
        return totalDataFiles;
    }

    public long getTotalDeletionFileRows() {
        return totalDeletionFileRows;
    }

    public long getTotalDeletionFiles() {
        return totalDeletionFiles;
    }

    public long getTotalFilesSize() {
        return totalFilesSize;
    }

    public long getTotalFragments() {
        return totalFragments;
    }

    public long getTotalRows() {
        return totalRows;
    }
}
