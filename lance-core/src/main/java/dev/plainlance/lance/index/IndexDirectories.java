package dev.plainlance.lance.index;

import dev.plainlance.lance.pb.table.IndexMetadata;

/**
 * Where index segments live: {@code _indices/{uuid}/...}. Cleanup keeps or removes such a directory whole, so a file
 * there is owned by its directory's key rather than its own.
 */
public final class IndexDirectories {
    /** The directory of every index segment, relative to the dataset root. */
    public static final String INDICES_DIR = "_indices";

    private IndexDirectories() {}

    /** {@code _indices/{uuid}} of {@code index}. */
    public static String key(IndexMetadata index) {
        return INDICES_DIR + "/" + IndexMetadatas.uuid(index.getUuid());
    }

    /**
     * The key cleanup decides {@code fileKey} by: {@code _indices/{uuid}} for a file inside a segment directory,
     * otherwise the key itself (a stray file directly under {@code _indices/} matches no segment, so only an
     * unverified cleanup removes it, as in the official cleanup).
     */
    public static String owner(String fileKey) {
        String prefix = INDICES_DIR + "/";
        if (!fileKey.startsWith(prefix)) {
            return fileKey;
        }
        int slash = fileKey.indexOf('/', prefix.length());
        return slash < 0 ? fileKey : fileKey.substring(0, slash);
    }
}
