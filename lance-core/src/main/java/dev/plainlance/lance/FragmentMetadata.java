package dev.plainlance.lance;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.plainlance.lance.fragment.DataFile;
import dev.plainlance.lance.fragment.DeletionFile;
import dev.plainlance.lance.pb.table.DataFragment;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.util.List;
import java.util.Optional;

/**
 * Immutable description of one fragment of a dataset version, mirroring {@code org.lance.FragmentMetadata}.
 * {@code proto()} gives the exact manifest entry, unknown fields included. Like the official class it is
 * {@link Serializable} (as its manifest entry's bytes), so that fragments written by workers
 * ({@link Fragment#create}) can be sent to the process that commits them.
 */
public final class FragmentMetadata implements Serializable {
    private static final long serialVersionUID = 1L;

    private final transient DataFragment proto;
    private final transient List<DataFile> files;
    private final transient Optional<DeletionFile> deletionFile;

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

    private Object writeReplace() {
        return new SerializedForm(proto.toByteArray());
    }

    private void readObject(ObjectInputStream in) throws InvalidObjectException {
        throw new InvalidObjectException("FragmentMetadata is read through its serialized form");
    }

    /** The serialized form: the manifest entry's protobuf bytes. */
    private record SerializedForm(byte[] bytes) implements Serializable {
        private Object readResolve() throws InvalidObjectException {
            try {
                return new FragmentMetadata(DataFragment.parseFrom(bytes));
            } catch (InvalidProtocolBufferException e) {
                InvalidObjectException invalid = new InvalidObjectException("unreadable fragment metadata");
                invalid.initCause(e);
                throw invalid;
            }
        }
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
