package dev.plainlance.lance.index;

import dev.plainlance.lance.env.SessionCaches;
import dev.plainlance.lance.error.UnsupportedFeatureException;
import dev.plainlance.lance.pb.table.IndexMetadata;
import dev.plainlance.lance.table.FileBases;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;

/**
 * Opens BTREE, BITMAP and ZONEMAP segments. Their lookups (page ranges, bitmap keys, zones) are kept in a session's index cache,
 * keyed by where the files are: index files never change once written.
 */
public final class ScalarIndexes {
    private ScalarIndexes() {}

    /** Whether plainlance reads and uses segments of this index. */
    public static boolean readable(IndexMetadata index) {
        IndexType type = IndexMetadatas.type(index);
        return (type == IndexType.BTREE || type == IndexType.BITMAP || type == IndexType.ZONEMAP)
                && index.getFieldsCount() == 1;
    }

    /** The loaded segment; {@link UnsupportedFeatureException} for other index types. */
    public static ScalarIndexReader open(
            FileBases bases, IndexMetadata index, BufferAllocator allocator, SessionCaches caches) throws IOException {
        if (!readable(index)) {
            throw new UnsupportedFeatureException("index " + index.getName() + " is a "
                    + IndexMetadatas.type(index).displayName() + " index, which plainlance does not read");
        }
        String uuid = IndexMetadatas.uuid(index.getUuid()).toString();
        Optional<Integer> base = index.hasBaseId() ? Optional.of(index.getBaseId()) : Optional.empty();
        IndexType type = IndexMetadatas.type(index);
        String lookupName =
                switch (type) {
                    case BTREE -> BTreeIndexReader.LOOKUP_FILE;
                    case ZONEMAP -> IndexLayout.ZONEMAP_FILE;
                    default -> BitmapIndexReader.LOOKUP_FILE;
                };
        FileBases.Located lookup = bases.indexFile(base, uuid, lookupName);
        String key = "scalar-index:" + lookup.storage().cacheKey(lookup.key());
        try {
            return (ScalarIndexReader) caches.index()
                    .get(
                            key,
                            () -> {
                                try {
                                    return switch (type) {
                                        case BTREE ->
                                            BTreeIndexReader.load(name -> bases.indexFile(base, uuid, name), allocator);
                                        case ZONEMAP ->
                                            ZoneMapIndexReader.load(bases.indexFile(base, uuid, lookupName), allocator);
                                        default ->
                                            BitmapIndexReader.load(bases.indexFile(base, uuid, lookupName), allocator);
                                    };
                                } catch (IOException e) {
                                    throw new UncheckedIOException(e);
                                }
                            },
                            reader -> ((ScalarIndexReader) reader).estimatedBytes());
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
