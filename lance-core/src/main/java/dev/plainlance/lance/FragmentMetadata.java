package dev.plainlance.lance;

import dev.plainlance.lance.fragment.DataFile;
import dev.plainlance.lance.fragment.DeletionFile;
import dev.plainlance.lance.pb.table.DataFragment;
import java.util.List;
import java.util.Optional;

/**
 * Immutable description of one fragment of a dataset version, mirroring {@code org.lance.FragmentMetadata}.
 * {@code proto()} gives the exact manifest entry, unknown fields included.
 */
public final class FragmentMetadata {
    private final DataFragment proto;
    private final List<DataFile> files;
    private final Optional<DeletionFile> deletionFile;

    FragmentMetadata(DataFragment proto) {
        this.proto = proto;
        this.files = proto.getFilesList().stream().map(DataFile::fromProto).toList();
        this.deletionFile = proto.hasDeletionFile()
                ? Optional.of(DeletionFile.fromProto(proto.getDeletionFile()))
                : Optional.empty();
    }

    DataFragment proto() {
        return proto;
    }

    public long getId() {
        return proto.getId();
    }

    public List<DataFile> getFiles() {
        return files;
    }

    /** Rows physically stored, deleted ones included. */
    public long getPhysicalRows() {
        return proto.getPhysicalRows();
    }

    public Optional<DeletionFile> getDeletionFile() {
        return deletionFile;
    }

    public long getNumDeletions() {
        return deletionFile.map(DeletionFile::numDeletedRows).orElse(0L);
    }

    /** Live rows: physical rows minus deleted rows. */
    public long getNumRows() {
        return getPhysicalRows() - getNumDeletions();
    }

    /** Whether the fragment carries a stable row id sequence. */
    public boolean hasRowIds() {
        return proto.hasInlineRowIds() || proto.hasExternalRowIds();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FragmentMetadata other && proto.equals(other.proto);
    }

    @Override
    public int hashCode() {
        return proto.hashCode();
    }

    @Override
    public String toString() {
        return "FragmentMetadata{id=" + getId() + ", physicalRows=" + getPhysicalRows() + ", files=" + files
                + deletionFile.map(d -> ", deletionFile=" + d).orElse("") + "}";
    }
}
