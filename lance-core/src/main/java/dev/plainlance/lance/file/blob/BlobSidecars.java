package dev.plainlance.lance.file.blob;

import java.util.Optional;

/**
 * Names of the sidecar files of blob v2 columns (format 2.2). Values too large to stay in a data file go to files
 * beside it: {@code <data file stem>/<blob id>.blob}, the id written as 32 binary digits, lowest bit first, as
 * official Lance 7.0.0 names them. A pack file holds several values back to back (kind 1); a dedicated file holds
 * one (kind 2).
 */
public final class BlobSidecars {
    private static final String DATA_FILE_SUFFIX = ".lance";
    private static final String SIDECAR_SUFFIX = ".blob";
    private static final int ID_DIGITS = 32;

    private BlobSidecars() {}

    /**
     * Key of sidecar {@code blobId} of the data file at {@code dataFileKey} (for example {@code data/x.lance} gives
     * {@code data/x/10000000000000000000000000000000.blob} for id 1).
     */
    public static String key(String dataFileKey, int blobId) {
        StringBuilder name = new StringBuilder(directory(dataFileKey));
        for (int bit = 0; bit < ID_DIGITS; bit++) {
            name.append(((blobId >>> bit) & 1) == 0 ? '0' : '1');
        }
        return name.append(SIDECAR_SUFFIX).toString();
    }

    /** The prefix of the sidecar files of the data file at {@code dataFileKey}: its stem and a slash. */
    public static String directory(String dataFileKey) {
        String stem = dataFileKey.endsWith(DATA_FILE_SUFFIX)
                ? dataFileKey.substring(0, dataFileKey.length() - DATA_FILE_SUFFIX.length())
                : dataFileKey;
        return stem + "/";
    }

    /**
     * The key of the data file whose sidecar {@code key} is ({@code data/x.lance} for
     * {@code data/x/<32 binary digits>.blob}), or empty if {@code key} is not named as a sidecar.
     */
    public static Optional<String> dataFileOf(String key) {
        int slash = key.lastIndexOf('/');
        if (slash <= 0 || !key.endsWith(SIDECAR_SUFFIX)) {
            return Optional.empty();
        }
        String digits = key.substring(slash + 1, key.length() - SIDECAR_SUFFIX.length());
        if (digits.length() != ID_DIGITS || !digits.chars().allMatch(c -> c == '0' || c == '1')) {
            return Optional.empty();
        }
        return Optional.of(key.substring(0, slash) + DATA_FILE_SUFFIX);
    }
}
