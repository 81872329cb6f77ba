package dev.plainlance.lance.file.write;

import java.util.Arrays;

/**
 * What a finished data file contributes to a manifest {@code DataFile}.
 *
 * @param rows number of rows (the fragment's physical rows)
 * @param fileSizeBytes total size of the file
 * @param fields ids of the fields that have columns, in column order (2.1: leaves only; 2.0: every field)
 * @param columnIndices the column of each entry of {@code fields}
 * @param majorVersion {@code DataFile.file_major_version} (2)
 * @param minorVersion {@code DataFile.file_minor_version} (0 or 1)
 */
public record WrittenFile(
        long rows, long fileSizeBytes, int[] fields, int[] columnIndices, int majorVersion, int minorVersion) {
    public WrittenFile {
        fields = fields.clone();
        columnIndices = columnIndices.clone();
    }

    @Override
    public int[] fields() {
        return fields.clone();
    }

    @Override
    public int[] columnIndices() {
        return columnIndices.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WrittenFile w
                && rows == w.rows
                && fileSizeBytes == w.fileSizeBytes
                && Arrays.equals(fields, w.fields)
                && Arrays.equals(columnIndices, w.columnIndices)
                && majorVersion == w.majorVersion
                && minorVersion == w.minorVersion;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(rows) * 31 + Arrays.hashCode(fields);
    }

    @Override
    public String toString() {
        return "WrittenFile[rows=" + rows + ", fileSizeBytes=" + fileSizeBytes + ", fields=" + Arrays.toString(fields)
                + ", columnIndices=" + Arrays.toString(columnIndices) + ", version=" + majorVersion + "."
                + minorVersion + "]";
    }
}
