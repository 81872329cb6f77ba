package dev.plainlance.lance.index;

import com.google.protobuf.ByteString;
import dev.plainlance.lance.error.CorruptFileException;
import dev.plainlance.lance.pb.table.IndexMetadata;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.roaringbitmap.RoaringBitmap;

/**
 * Reads and edits the manifest's {@code IndexMetadata} messages: uuids, fragment bitmaps (32-bit portable Roaring,
 * empty bytes meaning unknown), the index type named by the details' type URL, and the public {@link Index}.
 */
public final class IndexMetadatas {
    /** The type URL of the details official 7.0.0 records for a BTREE index. */
    public static final String BTREE_TYPE_URL = "/lance.table.BTreeIndexDetails";

    public static final String BITMAP_TYPE_URL = "/lance.table.BitmapIndexDetails";

    /** The index details type of a ZONEMAP index. */
    public static final String ZONEMAP_TYPE_URL = "/lance.table.ZoneMapIndexDetails";

    private IndexMetadatas() {}

    public static UUID uuid(dev.plainlance.lance.pb.table.UUID uuid) {
        ByteBuffer bytes = uuid.getUuid().asReadOnlyByteBuffer();
        if (bytes.remaining() != 16) {
            throw new IllegalArgumentException("an index uuid has " + bytes.remaining() + " bytes, not 16");
        }
        return new UUID(bytes.getLong(), bytes.getLong());
    }

    public static dev.plainlance.lance.pb.table.UUID uuid(UUID uuid) {
        ByteBuffer bytes = ByteBuffer.allocate(16);
        bytes.putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
        return dev.plainlance
                .lance
                .pb
                .table
                .UUID
                .newBuilder()
                .setUuid(ByteString.copyFrom(bytes.array()))
                .build();
    }

    /** The fragment ids the segment covers (a fresh copy), empty when the manifest does not record them. */
    public static Optional<RoaringBitmap> fragmentBitmap(IndexMetadata index) {
        if (index.getFragmentBitmap().isEmpty()) {
            return Optional.empty();
        }
        RoaringBitmap bitmap = new RoaringBitmap();
        try {
            bitmap.deserialize(index.getFragmentBitmap().asReadOnlyByteBuffer());
        } catch (IOException | RuntimeException e) {
            throw new CorruptFileException(
                    "index " + index.getName(), "fragment bitmap is not a portable Roaring bitmap", e);
        }
        return Optional.of(bitmap);
    }

    public static ByteString serialize(RoaringBitmap bitmap) {
        bitmap.runOptimize();
        ByteString.Output out = ByteString.newOutput(bitmap.serializedSizeInBytes());
        try {
            bitmap.serialize(new DataOutputStream(out));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteString();
    }

    public static IndexMetadata withFragmentBitmap(IndexMetadata index, RoaringBitmap bitmap) {
        return index.toBuilder().setFragmentBitmap(serialize(bitmap)).build();
    }

    /** The kind of index: from the details' type URL, or the name for the system indices. */
    public static IndexType type(IndexMetadata index) {
        if (index.getName().equals("__lance_frag_reuse")) {
            return IndexType.FRAGMENT_REUSE;
        }
        if (index.getName().equals("__lance_mem_wal")) {
            return IndexType.MEM_WAL;
        }
        if (!index.hasIndexDetails()) {
            return IndexType.UNKNOWN;
        }
        String url = index.getIndexDetails().getTypeUrl();
        String simple = url.substring(url.lastIndexOf('.') + 1);
        return switch (simple) {
            case "BTreeIndexDetails" -> IndexType.BTREE;
            case "BitmapIndexDetails" -> IndexType.BITMAP;
            case "LabelListIndexDetails" -> IndexType.LABEL_LIST;
            case "InvertedIndexDetails" -> IndexType.INVERTED;
            case "NGramIndexDetails" -> IndexType.NGRAM;
            case "ZoneMapIndexDetails" -> IndexType.ZONEMAP;
            case "BloomFilterIndexDetails" -> IndexType.BLOOM_FILTER;
            case "VectorIndexDetails" -> IndexType.VECTOR;
            case "FragmentReuseIndexDetails" -> IndexType.FRAGMENT_REUSE;
            case "MemWalIndexDetails" -> IndexType.MEM_WAL;
            default -> IndexType.UNKNOWN;
        };
    }

    /** The public view of one segment. */
    public static Index toIndex(IndexMetadata index) {
        Optional<List<Integer>> fragments = fragmentBitmap(index).map(b -> {
            List<Integer> ids = new ArrayList<>();
            b.forEach((int id) -> ids.add(id));
            return ids;
        });
        return new Index(
                uuid(index.getUuid()),
                index.getFieldsList(),
                index.getName(),
                index.getDatasetVersion(),
                fragments,
                index.hasIndexDetails() ? Optional.of(index.getIndexDetails().toByteArray()) : Optional.empty(),
                index.hasIndexDetails() ? Optional.of(index.getIndexDetails().getTypeUrl()) : Optional.empty(),
                index.getIndexVersion(),
                index.hasCreatedAt() ? Optional.of(Instant.ofEpochMilli(index.getCreatedAt())) : Optional.empty(),
                index.hasBaseId() ? Optional.of(index.getBaseId()) : Optional.empty(),
                type(index));
    }
}
