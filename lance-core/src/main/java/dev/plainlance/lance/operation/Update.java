package dev.plainlance.lance.operation;

import dev.plainlance.lance.FragmentMetadata;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Replaces, removes and adds fragments written earlier, mirroring {@code org.lance.operation.Update}: fragments
 * with new deletion files ({@code Fragment.deleteRows}), fragments whose columns were rewritten
 * ({@code Fragment.updateColumns}, mode {@link UpdateMode#RewriteColumns} with the modified field ids), and new
 * fragments holding rewritten rows. Indices on modified fields stop covering the updated fragments. Immutable.
 */
public final class Update implements Operation {
    /** How the update changed rows, as official Lance records it. */
    public enum UpdateMode {
        /** Changed rows were deleted from their fragments and written again into new ones. */
        RewriteRows,
        /** Changed columns were written again for whole fragments; rows kept their places. */
        RewriteColumns
    }

    private final List<Long> removedFragmentIds;
    private final List<FragmentMetadata> updatedFragments;
    private final List<FragmentMetadata> newFragments;
    private final long[] fieldsModified;
    private final long[] fieldsForPreservingFragBitmap;
    private final Optional<UpdateMode> updateMode;

    private Update(Builder b) {
        this.removedFragmentIds = List.copyOf(b.removedFragmentIds);
        this.updatedFragments = List.copyOf(b.updatedFragments);
        this.newFragments = List.copyOf(b.newFragments);
        this.fieldsModified = b.fieldsModified.clone();
        this.fieldsForPreservingFragBitmap = b.fieldsForPreservingFragBitmap.clone();
        this.updateMode = Objects.requireNonNull(b.updateMode, "updateMode");
    }

    public static Builder builder() {
        return new Builder();
    }

    public List<Long> removedFragmentIds() {
        return removedFragmentIds;
    }

    public List<FragmentMetadata> updatedFragments() {
        return updatedFragments;
    }

    public List<FragmentMetadata> newFragments() {
        return newFragments;
    }

    public long[] fieldsModified() {
        return fieldsModified.clone();
    }

    public long[] fieldsForPreservingFragBitmap() {
        return fieldsForPreservingFragBitmap.clone();
    }

    /** The mode; rows are rewritten when empty, as in official Lance. */
    public Optional<UpdateMode> updateMode() {
        return updateMode;
    }

    @Override
    public String name() {
        return "Update";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Update other
                && removedFragmentIds.equals(other.removedFragmentIds)
                && updatedFragments.equals(other.updatedFragments)
                && newFragments.equals(other.newFragments)
                && Arrays.equals(fieldsModified, other.fieldsModified)
                && Arrays.equals(fieldsForPreservingFragBitmap, other.fieldsForPreservingFragBitmap)
                && updateMode.equals(other.updateMode);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                removedFragmentIds,
                updatedFragments,
                newFragments,
                Arrays.hashCode(fieldsModified),
                Arrays.hashCode(fieldsForPreservingFragBitmap),
                updateMode);
    }

    @Override
    public String toString() {
        return "Update{removedFragmentIds=" + removedFragmentIds + ", updatedFragments=" + updatedFragments
                + ", newFragments=" + newFragments + ", fieldsModified=" + Arrays.toString(fieldsModified)
                + ", fieldsForPreservingFragBitmap=" + Arrays.toString(fieldsForPreservingFragBitmap)
                + ", updateMode=" + updateMode + "}";
    }

    public static final class Builder {
        private List<Long> removedFragmentIds = List.of();
        private List<FragmentMetadata> updatedFragments = List.of();
        private List<FragmentMetadata> newFragments = List.of();
        private long[] fieldsModified = new long[0];
        private long[] fieldsForPreservingFragBitmap = new long[0];
        private Optional<UpdateMode> updateMode = Optional.empty();

        public Builder removedFragmentIds(List<Long> removedFragmentIds) {
            this.removedFragmentIds = removedFragmentIds;
            return this;
        }

        public Builder updatedFragments(List<FragmentMetadata> updatedFragments) {
            this.updatedFragments = updatedFragments;
            return this;
        }

        public Builder newFragments(List<FragmentMetadata> newFragments) {
            this.newFragments = newFragments;
            return this;
        }

        public Builder fieldsModified(long[] fieldsModified) {
            this.fieldsModified = fieldsModified;
            return this;
        }

        public Builder fieldsForPreservingFragBitmap(long[] fieldsForPreservingFragBitmap) {
            this.fieldsForPreservingFragBitmap = fieldsForPreservingFragBitmap;
            return this;
        }

        public Builder updateMode(Optional<UpdateMode> updateMode) {
            this.updateMode = updateMode;
            return this;
        }

        public Update build() {
            return new Update(this);
        }
    }
}
