package dev.plainlance.lance.operation;

import dev.plainlance.lance.FragmentMetadata;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Replaces a dataset's content and schema with fragments written earlier (creating the dataset if absent),
 * mirroring {@code org.lance.operation.Overwrite}. Immutable.
 */
public final class Overwrite implements Operation {
    private final List<FragmentMetadata> fragments;
    private final Schema schema;
    private final Map<String, String> configUpsertValues;

    private Overwrite(List<FragmentMetadata> fragments, Schema schema, Map<String, String> configUpsertValues) {
        this.fragments = List.copyOf(fragments);
        this.schema = Objects.requireNonNull(schema, "an overwrite needs a schema");
        this.configUpsertValues = Map.copyOf(configUpsertValues);
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

    public Map<String, String> configUpsertValues() {
        return configUpsertValues;
    }

    @Override
    public String name() {
        return "Overwrite";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Overwrite other
                && fragments.equals(other.fragments)
                && schema.equals(other.schema)
                && configUpsertValues.equals(other.configUpsertValues);
    }

    @Override
    public int hashCode() {
        return Objects.hash(fragments, schema, configUpsertValues);
    }

    @Override
    public String toString() {
        return "Overwrite{fragments=" + fragments + ", schema=" + schema + ", config=" + configUpsertValues + "}";
    }

    public static final class Builder {
        private List<FragmentMetadata> fragments = List.of();
        private Schema schema;
        private Map<String, String> configUpsertValues = Map.of();

        public Builder fragments(List<FragmentMetadata> fragments) {
            this.fragments = fragments;
            return this;
        }

        public Builder schema(Schema schema) {
            this.schema = schema;
            return this;
        }

        public Builder configUpsertValues(Map<String, String> configUpsertValues) {
            this.configUpsertValues = configUpsertValues;
            return this;
        }

        public Overwrite build() {
            return new Overwrite(fragments, schema, configUpsertValues);
        }
    }
}
