package dev.plainlance.lance;

import dev.plainlance.lance.operation.Append;
import dev.plainlance.lance.operation.Operation;
import dev.plainlance.lance.operation.Overwrite;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A transaction built on a dataset from fragments written elsewhere, mirroring {@code org.lance.SourcedTransaction}:
 * build it with {@link Dataset#newTransactionBuilder()}, then {@link #commit()}. Immutable.
 */
public final class SourcedTransaction implements AutoCloseable {
    private final Dataset dataset;
    private final long readVersion;
    private final Operation operation;
    private final Optional<String> tag;
    private final Optional<Map<String, String>> properties;

    private SourcedTransaction(Builder builder) {
        this.dataset = builder.dataset;
        this.readVersion = builder.readVersion.orElse(builder.dataset.version());
        this.operation = Objects.requireNonNull(builder.operation, "a transaction needs an operation");
        this.tag = builder.tag;
        this.properties = builder.properties;
    }

    public long readVersion() {
        return readVersion;
    }

    public Operation operation() {
        return operation;
    }

    public Optional<String> tag() {
        return tag;
    }

    public Optional<Map<String, String>> transactionProperties() {
        return properties;
    }

    /**
     * Commits the transaction after whatever landed since its read version, when compatible (Lance's rebase), and
     * returns the dataset at the new version; the builder's dataset keeps showing its version.
     *
     * @throws dev.plainlance.lance.commit.CommitConflictException when a concurrent commit conflicts
     */
    public Dataset commit() {
        return dataset.commitSourced(readVersion, operation, tag, properties.orElse(Map.of()), Optional.empty());
    }

    /** Nothing to release: the transaction holds no native or file resources. */
    @Override
    public void close() {}

    /** Builds a {@link SourcedTransaction} on a dataset, mirroring {@code org.lance.SourcedTransaction.Builder}. */
    public static final class Builder {
        private final Dataset dataset;
        private Optional<Long> readVersion = Optional.empty();
        private Operation operation;
        private Optional<String> tag = Optional.empty();
        private Optional<Map<String, String>> properties = Optional.empty();

        public Builder(Dataset dataset) {
            this.dataset = Objects.requireNonNull(dataset, "dataset");
        }

        /** The version the transaction was planned on; the dataset's version unless set. */
        public Builder readVersion(long readVersion) {
            this.readVersion = Optional.of(readVersion);
            return this;
        }

        /** An {@link Append} or {@link Overwrite} of fragments written earlier. */
        public Builder operation(Operation operation) {
            this.operation = operation;
            return this;
        }

        public Builder tag(String tag) {
            this.tag = Optional.of(tag);
            return this;
        }

        public Builder transactionProperties(Map<String, String> properties) {
            this.properties = Optional.of(Map.copyOf(properties));
            return this;
        }

        public SourcedTransaction build() {
            return new SourcedTransaction(this);
        }
    }
}
