package dev.plainlance.lance;

import dev.plainlance.lance.schema.LanceSchema;
import java.util.Objects;

/**
 * What {@code Fragment.mergeColumns} wrote, mirroring {@code org.lance.fragment.FragmentMergeResult} (here in the
 * top package, beside {@link FragmentMetadata}): the fragment
 * with its new data file, and the table's schema with the new columns. Commit them with a
 * {@link dev.plainlance.lance.operation.Merge}.
 */
public final class FragmentMergeResult {
    private final FragmentMetadata fragmentMetadata;
    private final LanceSchema schema;

    public FragmentMergeResult(FragmentMetadata fragmentMetadata, LanceSchema schema) {
        this.fragmentMetadata = Objects.requireNonNull(fragmentMetadata, "fragmentMetadata");
        this.schema = Objects.requireNonNull(schema, "schema");
    }

    public FragmentMetadata getFragmentMetadata() {
        return fragmentMetadata;
    }

    public LanceSchema getSchema() {
        return schema;
    }

    @Override
    public String toString() {
        return "FragmentMergeResult{fragmentMetadata=" + fragmentMetadata + ", schema=" + schema + "}";
    }
}
