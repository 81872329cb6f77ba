package dev.plainlance.lance.file.format;

import dev.plainlance.lance.file.codec.ArrayData;

/**
 * Reads a row range of one field (top-level or nested) from a file. Implementations keep recently
 * decoded pages, so sequential reads touch each page once.
 */
public interface FieldReader {

    /** Decodes {@code count} consecutive rows (or list items, for nested fields) from {@code start}. */
    ArrayData read(long start, int count);

    /** Whether {@link #read} may be called from several threads at once; false unless overridden. */
    default boolean isThreadSafe() {
        return false;
    }
}
