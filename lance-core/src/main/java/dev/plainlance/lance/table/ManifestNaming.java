package dev.plainlance.lance.table;

import java.util.Optional;

/**
 * The two manifest file naming schemes. V1: {@code _versions/{version}.manifest}. V2: the 20-digit zero-padded
 * {@code u64::MAX - version}, so that a lexicographic listing yields the newest version first.
 */
public enum ManifestNaming {
    V1,
    V2;

    public static final String VERSIONS_DIR = "_versions";
    private static final String SUFFIX = ".manifest";
    private static final int V2_NAME_LENGTH = 20 + SUFFIX.length();

    /** The file name (without directory) of {@code version} in this scheme. */
    public String fileName(long version) {
        if (version < 0) {
            throw new IllegalArgumentException("negative version " + version);
        }
        if (this == V1) {
            return version + SUFFIX;
        }
        return pad20(Long.toUnsignedString(-1L - version)) + SUFFIX;
    }

    /** The storage key of {@code version} in this scheme. */
    public String key(long version) {
        return VERSIONS_DIR + "/" + fileName(version);
    }

    /** A manifest file name and what it says. */
    public record Parsed(long version, ManifestNaming naming) {}

    /**
     * Parses a file name found in {@code _versions/}. Returns empty for names that are not committed manifests
     * (temp files, the version hint, detached versions {@code d*.manifest}).
     */
    public static Optional<Parsed> parse(String fileName) {
        if (!fileName.endsWith(SUFFIX) || fileName.length() == SUFFIX.length()) {
            return Optional.empty();
        }
        String digits = fileName.substring(0, fileName.indexOf('.'));
        if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Optional.empty();
        }
        long number;
        try {
            number = Long.parseUnsignedLong(digits);
        } catch (NumberFormatException tooLarge) {
            return Optional.empty();
        }
        if (fileName.length() == V2_NAME_LENGTH && digits.length() == 20) {
            long version = -1L - number;
            return version < 0 ? Optional.empty() : Optional.of(new Parsed(version, V2));
        }
        return number < 0 ? Optional.empty() : Optional.of(new Parsed(number, V1));
    }

    private static String pad20(String digits) {
        return "0".repeat(20 - digits.length()) + digits;
    }
}
