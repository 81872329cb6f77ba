package dev.plainlance.lance.table;

import dev.plainlance.lance.error.UnsupportedFeatureException;
import dev.plainlance.lance.pb.table.Manifest;
import java.util.ArrayList;
import java.util.List;

/**
 * Manifest feature flags. Readers must refuse any reader flag they do not implement and every bit at or above
 * {@link #UNKNOWN}; writers likewise for writer flags. Flags are recomputed from scratch on every commit.
 */
public final class FeatureFlags {
    public static final long DELETION_FILES = 1;
    public static final long STABLE_ROW_IDS = 2;
    public static final long USE_V2_FORMAT_DEPRECATED = 4;
    public static final long TABLE_CONFIG = 8;
    public static final long BASE_PATHS = 16;
    public static final long DISABLE_TRANSACTION_FILE = 32;
    /** The first bit no Lance release defines. */
    public static final long UNKNOWN = 64;

    /** Reader flags plainlance implements. */
    public static final long READABLE = DELETION_FILES | STABLE_ROW_IDS | USE_V2_FORMAT_DEPRECATED | BASE_PATHS;
    /** Writer flags plainlance implements. */
    public static final long WRITABLE = DELETION_FILES
            | STABLE_ROW_IDS
            | USE_V2_FORMAT_DEPRECATED
            | TABLE_CONFIG
            | BASE_PATHS
            | DISABLE_TRANSACTION_FILE;

    private FeatureFlags() {}

    /** Throws {@link UnsupportedFeatureException} naming the flag unless every reader flag is implemented. */
    public static void checkReadable(Manifest manifest, String where) {
        check(manifest.getReaderFeatureFlags(), READABLE, "reader", where);
    }

    /** Throws {@link UnsupportedFeatureException} naming the flag unless every writer flag is implemented. */
    public static void checkWritable(Manifest manifest, String where) {
        check(manifest.getWriterFeatureFlags(), WRITABLE, "writer", where);
    }

    /** Names of the set bits, for messages ("DELETION_FILES", "unknown bit 128"). */
    public static List<String> names(long flags) {
        List<String> names = new ArrayList<>();
        for (int bit = 0; bit < 64; bit++) {
            long mask = 1L << bit;
            if ((flags & mask) != 0) {
                names.add(name(mask));
            }
        }
        return names;
    }

    private static void check(long flags, long implemented, String kind, String where) {
        long unsupported = flags & ~implemented;
        if (unsupported != 0) {
            throw new UnsupportedFeatureException(where + ": " + kind + " feature flag(s) " + names(unsupported)
                    + " not supported by plainlance (flags=" + Long.toUnsignedString(flags) + ")");
        }
    }

    private static String name(long mask) {
        if (mask == DELETION_FILES) {
            return "DELETION_FILES";
        } else if (mask == STABLE_ROW_IDS) {
            return "STABLE_ROW_IDS";
        } else if (mask == USE_V2_FORMAT_DEPRECATED) {
            return "USE_V2_FORMAT_DEPRECATED";
        } else if (mask == TABLE_CONFIG) {
            return "TABLE_CONFIG";
        } else if (mask == BASE_PATHS) {
            return "BASE_PATHS";
        } else if (mask == DISABLE_TRANSACTION_FILE) {
            return "DISABLE_TRANSACTION_FILE";
        }
        return "unknown bit " + Long.toUnsignedString(mask);
    }
}
