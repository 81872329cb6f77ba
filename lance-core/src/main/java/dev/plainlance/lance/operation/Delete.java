package dev.plainlance.lance.operation;

import dev.plainlance.lance.FragmentMetadata;
import java.util.List;
import java.util.Objects;

/**
 * Deletes rows by fragment, mirroring {@code org.lance.operation.Delete}: fragments replaced by copies with new
 * deletion files (from {@code Fragment.deleteRows}) and fragments dropped whole. The predicate is recorded in the
 * transaction for readers of history; it is not evaluated. Immutable.
 */
public final class Delete implements Operation {
    private final List<FragmentMetadata> updatedFragments;
    private final List<Long> deletedFragmentIds;
    private final String predicate;

    private Delete(List<FragmentMetadata> updatedFragments, List<Long> deletedFragmentIds, String predicate) {
        this.updatedFragments = List.copyOf(updatedFragments);
        this.deletedFragmentIds = List.copyOf(deletedFragmentIds);
        this.predicate = Objects.requireNonNull(predicate, "predicate");
    }

    public static Builder builder() {
        return new Builder();
    }

    public List<FragmentMetadata> updatedFragments() {
        return updatedFragments;
    }

    public List<Long> deletedFragmentIds() {
        return deletedFragmentIds;
    }

    public String predicate() {
        return predicate;
    }

    @Override
    public String name() {
        return "Delete";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Delete other
                && updatedFragments.equals(other.updatedFragments)
                && deletedFragmentIds.equals(other.deletedFragmentIds)
                && predicate.equals(other.predicate);
    }

    @Override
    public int hashCode() {
        return Objects.hash(updatedFragments, deletedFragmentIds, predicate);
    }

    @Override
    public String toString() {
        return "Delete{updatedFragments=" + updatedFragments + ", deletedFragmentIds=" + deletedFragmentIds
                + ", predicate=" + predicate + "}";
    }

    public static final class Builder {
        private List<FragmentMetadata> updatedFragments = List.of();
        private List<Long> deletedFragmentIds = List.of();
        private String predicate = "";

        public Builder updatedFragments(List<FragmentMetadata> updatedFragments) {
            this.updatedFragments = updatedFragments;
            return this;
        }

        public Builder deletedFragmentIds(List<Long> deletedFragmentIds) {
            this.deletedFragmentIds = deletedFragmentIds;
            return this;
        }

        public Builder predicate(String predicate) {
            this.predicate = predicate;
            return this;
        }

        public Delete build() {
            return new Delete(updatedFragments, deletedFragmentIds, predicate);
        }
    }
}
