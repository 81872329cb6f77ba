package dev.plainlance.lance;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A commit of fragments written earlier ({@link Fragment#create}), mirroring the official (deprecated)
 * {@code org.lance.FragmentOperation}; see {@link Dataset#commit(BufferAllocator, String, FragmentOperation,
 * Optional)}.
 */
public abstract class FragmentOperation {
    FragmentOperation() {}

    /** Commits this operation to the dataset at {@code path}; scans of the result allocate from {@code allocator}. */
    public abstract Dataset commit(
            BufferAllocator allocator, String path, Optional<Long> readVersion, Map<String, String> storageOptions);

    private static List<FragmentMetadata> checked(List<FragmentMetadata> fragments) {
        if (fragments == null || fragments.isEmpty()) {
            throw new IllegalArgumentException("fragments cannot be null or empty");
        }
        return List.copyOf(fragments);
    }

    /** Adds fragments to an existing dataset. */
    public static final class Append extends FragmentOperation {
        private final List<FragmentMetadata> fragments;

        public Append(List<FragmentMetadata> fragments) {
            this.fragments = checked(fragments);
        }

        @Override
        public Dataset commit(
                BufferAllocator allocator,
                String path,
                Optional<Long> readVersion,
                Map<String, String> storageOptions) {
            return Dataset.commitFragments(allocator, path, readVersion, fragments, Optional.empty(), storageOptions);
        }
    }

    /** Replaces a dataset's content and schema with fragments (creating the dataset if absent). */
    public static final class Overwrite extends FragmentOperation {
        private final List<FragmentMetadata> fragments;
        private final Schema schema;

        public Overwrite(List<FragmentMetadata> fragments, Schema schema) {
            this.fragments = checked(fragments);
            this.schema = Objects.requireNonNull(schema, "schema");
        }

        @Override
        public Dataset commit(
                BufferAllocator allocator,
                String path,
                Optional<Long> readVersion,
                Map<String, String> storageOptions) {
            return Dataset.commitFragments(
                    allocator, path, readVersion, fragments, Optional.of(schema), storageOptions);
        }
    }
}
