package dev.plainlance.lance.operation;

import dev.plainlance.lance.FragmentMetadata;
import java.util.List;
import java.util.Objects;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Sets a dataset's whole fragment list and schema, mirroring {@code org.lance.operation.Merge}: commits the
 * fragments {@code Fragment.mergeColumns} returned (with every fragment that was not merged, unchanged) under the
 * schema it returned. Immutable.
 */
public final class Merge implements Operation {
    private final List<FragmentMetadata> fragments;
    private final Schema schema;

    private Merge(List<FragmentMetadata> fragments, Schema schema) {
        this.fragments = List.copyOf(fragments);
        this.schema = Objects.requireNonNull(schema, "a merge needs a schema");
    }

    public static Builder builder() {
        return new Builder();
    }

    public List<FragmentMetadata> fragments() {
        return fragments;
    }

    public Schema schema() {
        return schema;
    }

    @Override
    public String name() {
        return "Merge";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Merge other && fragments.equals(other.fragments) && schema.equals(other.schema);
    }

    @Override
    public int hashCode() {
        return Objects.hash(fragments, schema);
    }

    @Override
    public String toString() {
        return "Merge{fragments=" + fragments + ", schema=" + schema + "}";
    }

    public static final class Builder {
        private List<FragmentMetadata> fragments = List.of();
        private Schema schema;

        public Builder fragments(List<FragmentMetadata> fragments) {
            this.fragments = fragments;
            return this;
        }

        public Builder schema(Schema schema) {
            this.schema = schema;
            return this;
        }

        public Merge build() {
            return new Merge(fragments, schema);
        }
    }
}
