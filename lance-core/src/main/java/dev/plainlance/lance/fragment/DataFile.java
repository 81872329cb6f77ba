package dev.plainlance.lance.fragment;

import java.util.Arrays;
import java.util.Optional;

/**
 * One data file of a fragment, mirroring {@code org.lance.fragment.DataFile}. {@code fields} are the field ids it
 * stores (-2 marks a superseded field); {@code columnIndices} map them to columns of the file (-1: no own column).
 */
public final class DataFile {
    private final String path;
    private final int[] fields;
    private final int[] columnIndices;
    private final int fileMajorVersion;
    private final int fileMinorVersion;
    private final long fileSizeBytes;
    private final Integer baseId;

    public DataFile(
            String path,
            int[] fields,
            int[] columnIndices,
            int fileMajorVersion,
            int fileMinorVersion,
            long fileSizeBytes,
            Integer baseId) {
        this.path = path;
        this.fields = fields.clone();
        this.columnIndices = columnIndices.clone();
        this.fileMajorVersion = fileMajorVersion;
        this.fileMinorVersion = fileMinorVersion;
        this.fileSizeBytes = fileSizeBytes;
        this.baseId = baseId;
    }

    public static DataFile fromProto(dev.plainlance.lance.pb.table.DataFile pb) {
        return new DataFile(
                pb.getPath(),
                pb.getFieldsList().stream().mapToInt(Integer::intValue).toArray(),
                pb.getColumnIndicesList().stream().mapToInt(Integer::intValue).toArray(),
                pb.getFileMajorVersion(),
                pb.getFileMinorVersion(),
                pb.getFileSizeBytes(),
                pb.hasBaseId() ? pb.getBaseId() : null);
    }

    /** File name relative to the dataset's {@code data/} directory. */
    public String getPath() {
        return path;
    }

    public int[] getFields() {
        return fields.clone();
    }

    public int[] getColumnIndices() {
        return columnIndices.clone();
    }

    public int getFileMajorVersion() {
        return fileMajorVersion;
    }

    public int getFileMinorVersion() {
        return fileMinorVersion;
    }

    /** The file format version as a dataset reports it: "2.0" for files whose footer says 0.3. */
    public String getFileFormatVersion() {
        if (fileMajorVersion == 0 && fileMinorVersion == 3) {
            return "2.0";
        }
        return fileMajorVersion + "." + fileMinorVersion;
    }

    /** Size in bytes; 0 means unknown (written by old libraries). */
    public long getFileSizeBytes() {
        return fileSizeBytes;
    }

    public Optional<Integer> getBaseId() {
        return Optional.ofNullable(baseId);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DataFile other
                && path.equals(other.path)
                && Arrays.equals(fields, other.fields)
                && Arrays.equals(columnIndices, other.columnIndices)
                && fileMajorVersion == other.fileMajorVersion
                && fileMinorVersion == other.fileMinorVersion
                && fileSizeBytes == other.fileSizeBytes
                && java.util.Objects.equals(baseId, other.baseId);
    }

    @Override
    public int hashCode() {
        return path.hashCode();
    }

    @Override
    public String toString() {
        return "DataFile{path=" + path + ", fields=" + Arrays.toString(fields) + ", columnIndices="
                + Arrays.toString(columnIndices) + ", version=" + fileMajorVersion + "." + fileMinorVersion
                + ", size=" + fileSizeBytes + (baseId == null ? "" : ", baseId=" + baseId) + "}";
    }
}
