package dev.plainlance.lance.index;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * One index segment of a dataset version, as {@code org.lance.index.Index}: the manifest's index metadata. An index
 * name may have several segments (deltas), each covering its own fragments.
 *
 * @param uuid the segment's id; its files are under {@code _indices/{uuid}/}
 * @param fields the ids of the indexed fields
 * @param name the index name
 * @param datasetVersion the version the segment was built at
 * @param fragments the fragment ids the segment holds rows of (some may no longer exist); empty when unknown
 * @param indexDetails the serialized {@code google.protobuf.Any} describing the index type, when present
 * @param typeUrl the type URL of the details, when present (e.g. {@code /lance.table.BTreeIndexDetails})
 * @param indexVersion the format version of the index files
 * @param createdAt when the segment was created, when recorded
 * @param baseId the base path the files live under, when not the dataset root
 * @param indexType the kind of index, {@link IndexType#UNKNOWN} when not recognised
 */
public record Index(
        UUID uuid,
        List<Integer> fields,
        String name,
        long datasetVersion,
        Optional<List<Integer>> fragments,
        Optional<byte[]> indexDetails,
        Optional<String> typeUrl,
        int indexVersion,
        Optional<Instant> createdAt,
        Optional<Integer> baseId,
        IndexType indexType) {
    public Index {
        fields = List.copyOf(fields);
        fragments = fragments.map(List::copyOf);
        indexDetails = indexDetails.map(byte[]::clone);
    }

    @Override
    public Optional<byte[]> indexDetails() {
        return indexDetails.map(byte[]::clone);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Index i
                && uuid.equals(i.uuid)
                && fields.equals(i.fields)
                && name.equals(i.name)
                && datasetVersion == i.datasetVersion
                && fragments.equals(i.fragments)
                && typeUrl.equals(i.typeUrl)
                && indexVersion == i.indexVersion
                && createdAt.equals(i.createdAt)
                && baseId.equals(i.baseId)
                && indexType == i.indexType;
    }

    @Override
    public int hashCode() {
        return uuid.hashCode();
    }

    @Override
    public String toString() {
        return "Index{uuid=" + uuid + ", fields=" + fields + ", name=" + name + ", datasetVersion=" + datasetVersion
                + ", indexVersion=" + indexVersion + ", indexType=" + indexType + ", fragments="
                + fragments.map(Object::toString).orElse("unknown") + "}";
    }
}
