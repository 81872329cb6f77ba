package dev.plainlance.lance.fragment;

import java.util.Optional;

/**
 * A fragment's deletion vector, mirroring {@code org.lance.fragment.DeletionFile}. It is stored at
 * {@code _deletions/{fragmentId}-{readVersion}-{id}.{arrow|bin}}.
 */
public record DeletionFile(
        long id, long readVersion, long numDeletedRows, DeletionFileType fileType, Optional<Integer> baseId) {

    public static DeletionFile fromProto(dev.plainlance.lance.pb.table.DeletionFile pb) {
        DeletionFileType type =
                switch (pb.getFileType()) {
                    case ARROW_ARRAY -> DeletionFileType.ARRAY;
                    case BITMAP -> DeletionFileType.BITMAP;
                    case UNRECOGNIZED ->
                        throw new dev.plainlance.lance.error.UnsupportedFeatureException(
                                "unknown deletion file type " + pb.getFileTypeValue());
                };
        return new DeletionFile(
                pb.getId(),
                pb.getReadVersion(),
                pb.getNumDeletedRows(),
                type,
                pb.hasBaseId() ? Optional.of(pb.getBaseId()) : Optional.empty());
    }

    /** The manifest form of this deletion file. */
    public dev.plainlance.lance.pb.table.DeletionFile toProto() {
        dev.plainlance.lance.pb.table.DeletionFile.Builder pb = dev.plainlance.lance.pb.table.DeletionFile.newBuilder()
                .setFileType(
                        fileType == DeletionFileType.BITMAP
                                ? dev.plainlance.lance.pb.table.DeletionFile.DeletionFileType.BITMAP
                                : dev.plainlance.lance.pb.table.DeletionFile.DeletionFileType.ARROW_ARRAY)
                .setReadVersion(readVersion)
                .setId(id)
                .setNumDeletedRows(numDeletedRows);
        baseId.ifPresent(pb::setBaseId);
        return pb.build();
    }

    /** Storage key of this deletion file for {@code fragmentId}, relative to the dataset root. */
    public String key(long fragmentId) {
        return "_deletions/" + fragmentId + "-" + readVersion + "-" + Long.toUnsignedString(id) + "."
                + fileType.extension();
    }

    public long getId() {
        return id;
    }

    public long getReadVersion() {
        return readVersion;
    }

    /** Deleted rows; 0 can mean unknown for files written by old libraries. */
    public long getNumDeletedRows() {
        return numDeletedRows;
    }

    public DeletionFileType getFileType() {
        return fileType;
    }

    public Optional<Integer> getBaseId() {
        return baseId;
    }
}
