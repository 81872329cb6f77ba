package dev.plainlance.lance;

/** One fragment of an opened dataset version, mirroring {@code org.lance.Fragment}. */
public final class Fragment {
    private final Dataset dataset;
    private final FragmentMetadata metadata;

    public Fragment(Dataset dataset, FragmentMetadata metadata) {
        this.dataset = dataset;
        this.metadata = metadata;
    }

    public Dataset dataset() {
        return dataset;
    }

    public FragmentMetadata metadata() {
        return metadata;
    }

    public long getId() {
        return metadata.getId();
    }

    /** Live rows, from metadata. */
    public long countRows() {
        return metadata.getNumRows();
    }
}
