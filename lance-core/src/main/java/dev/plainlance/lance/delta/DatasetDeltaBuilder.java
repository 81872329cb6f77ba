package dev.plainlance.lance.delta;

import dev.plainlance.lance.Dataset;
import java.util.Objects;
import java.util.Optional;

/** Builds a {@link DatasetDelta}, mirroring {@code org.lance.delta.DatasetDeltaBuilder}. */
public final class DatasetDeltaBuilder {
    private final Dataset dataset;
    private Optional<Long> comparedAgainst = Optional.empty();
    private Optional<Long> begin = Optional.empty();
    private Optional<Long> end = Optional.empty();

    public DatasetDeltaBuilder(Dataset dataset) {
        this.dataset = Objects.requireNonNull(dataset, "dataset");
    }

    /** Compares the dataset's version with {@code version}, whichever is older being the beginning. */
    public DatasetDeltaBuilder comparedAgainstVersion(long version) {
        this.comparedAgainst = Optional.of(version);
        return this;
    }

    /** The version the delta starts after (exclusive); needs {@link #withEndVersion}. */
    public DatasetDeltaBuilder withBeginVersion(long version) {
        this.begin = Optional.of(version);
        return this;
    }

    /** The last version of the delta (inclusive); needs {@link #withBeginVersion}. */
    public DatasetDeltaBuilder withEndVersion(long version) {
        this.end = Optional.of(version);
        return this;
    }

    /** @throws IllegalArgumentException unless exactly one of the two ways to name the versions is used */
    public DatasetDelta build() {
        if (comparedAgainst.isPresent()) {
            if (begin.isPresent() || end.isPresent()) {
                throw new IllegalArgumentException(
                        "Cannot specify both compared_against_version and explicit begin/end versions");
            }
            return dataset.delta(comparedAgainst.get());
        }
        if (begin.isPresent() != end.isPresent()) {
            throw new IllegalArgumentException("Must specify both with_begin_version and with_end_version");
        }
        if (begin.isEmpty()) {
            throw new IllegalArgumentException("Must specify either compared_against_version or both"
                    + " with_begin_version and with_end_version");
        }
        return dataset.delta(begin.get(), end.get());
    }
}
