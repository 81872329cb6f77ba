package dev.plainlance.lance;

import java.util.Arrays;
import java.util.Objects;

/**
 * What {@code Fragment.updateColumns} wrote, mirroring {@code org.lance.fragment.FragmentUpdateResult} (here in the
 * top package, beside {@link FragmentMetadata}): the fragment
 * whose updated columns now come from its new data file, the field ids of those columns, and the offsets of the
 * rows that matched. Commit it with an {@link dev.plainlance.lance.operation.Update} in mode
 * {@code RewriteColumns} naming the modified fields.
 */
public final class FragmentUpdateResult {
    private final FragmentMetadata updatedFragment;
    private final long[] fieldsModified;
    private final long[] updatedRowOffsets;

    public FragmentUpdateResult(FragmentMetadata updatedFragment, long[] fieldsModified) {
        this(updatedFragment, fieldsModified, new long[0]);
    }

    public FragmentUpdateResult(FragmentMetadata updatedFragment, long[] fieldsModified, long[] updatedRowOffsets) {
        this.updatedFragment = Objects.requireNonNull(updatedFragment, "updatedFragment");
        this.fieldsModified = fieldsModified.clone();
        this.updatedRowOffsets = updatedRowOffsets.clone();
    }

    public FragmentMetadata getUpdatedFragment() {
        return updatedFragment;
    }

    public long[] getFieldsModified() {
        return fieldsModified.clone();
    }

    public long[] getUpdatedRowOffsets() {
        return updatedRowOffsets.clone();
    }

    @Override
    public String toString() {
        return "FragmentUpdateResult{updatedFragment=" + updatedFragment + ", fieldsModified="
                + Arrays.toString(fieldsModified) + ", updatedRowOffsets=" + updatedRowOffsets.length + " rows}";
    }
}
