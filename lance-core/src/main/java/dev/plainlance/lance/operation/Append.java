package dev.plainlance.lance.operation;

import dev.plainlance.lance.FragmentMetadata;
import java.util.List;

/** Adds fragments written earlier to a dataset, mirroring {@code org.lance.operation.Append}. Immutable. */
public final class Append implements Operation {
    private final List<FragmentMetadata> fragments;

    private Append(List<FragmentMetadata> fragments) {
        this.fragments = List.copyOf(fragments);
    }

    public static Builder builder() {
        return new Builder();
    }

    public List<FragmentMetadata> fragments() {
        return fragments;
    }

    @Override
    public String name() {
        return "Append";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Append other && fragments.equals(other.fragments);
    }

    @Override
    public int hashCode() {
        return fragments.hashCode();
    }

    @Override
    public String toString() {
        return "Append{fragments=" + fragments + "}";
    }

    public static final class Builder {
        private List<FragmentMetadata> fragments = List.of();

        public Builder fragments(List<FragmentMetadata> fragments) {
            this.fragments = fragments;
            return this;
        }

        public Append build() {
            return new Append(fragments);
        }
    }
}
