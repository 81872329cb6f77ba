package dev.plainlance.lance;

import dev.plainlance.lance.env.Env;
import dev.plainlance.lance.env.OnDemandAllocator;
import dev.plainlance.lance.error.LanceIOException;
import dev.plainlance.lance.io.Storages;
import dev.plainlance.lance.ipc.LanceScanner;
import dev.plainlance.lance.ipc.ScanOptions;
import dev.plainlance.lance.table.TableSnapshot;
import dev.plainlance.lance.write.DatasetWriter;
import dev.plainlance.lance.write.WriteSpec;
import java.io.IOException;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;

/**
 * One fragment of an opened dataset version, mirroring {@code org.lance.Fragment}: its metadata, scans of its rows
 * alone, and ({@link #create}) writing new fragments that another process commits later.
 */
public final class Fragment {
    private final Dataset dataset;
    private final FragmentMetadata metadata;

    public Fragment(Dataset dataset, FragmentMetadata metadata) {
        this.dataset = dataset;
        this.metadata = metadata;
    }

    /**
     * Fragment {@code fragmentId} of the version {@code dataset} shows.
     *
     * @throws dev.plainlance.lance.error.NotFoundException if that version has no such fragment
     */
    public Fragment(Dataset dataset, int fragmentId) {
        this(dataset, dataset.getFragment(fragmentId).metadata());
    }

    /**
     * Writes the rows of {@code data} as new fragments of the dataset at {@code datasetUri} (its data files go under
     * {@code data/}) and returns their metadata without committing anything: commit them later, from this process
     * or another, with {@link Dataset#commitAppend}, {@link Dataset#commitOverwrite} or
     * {@link Dataset#newTransactionBuilder()}. When the dataset exists the rows must have its columns and are laid
     * out by its schema and file format; otherwise {@code params} choose the format. The new fragments have id 0
     * until they are committed.
     */
    public static List<FragmentMetadata> create(String datasetUri, ArrowReader data, WriteParams params) {
        try (OnDemandAllocator allocator = new OnDemandAllocator()) {
            Env env = Env.defaults(allocator);
            TableSnapshot base =
                    TableSnapshot.latestOrAbsent(Storages.forUri(datasetUri, params.getStorageOptions()), datasetUri);
            WriteSpec requested = params.toWriteSpec();
            WriteSpec spec = base.exists() && requested.mode() == WriteSpec.Mode.CREATE
                    ? new WriteSpec(
                            WriteSpec.Mode.APPEND,
                            requested.dataStorageVersion(),
                            requested.v2ManifestPaths(),
                            requested.stableRowIds(),
                            requested.maxRowsPerFile(),
                            requested.maxBytesPerFile(),
                            requested.fsstStrings())
                    : requested;
            return new DatasetWriter(base.storage(), env)
                    .write(base, data, spec).fragments().stream()
                            .map(FragmentMetadata::new)
                            .toList();
        } catch (IOException e) {
            throw new LanceIOException("cannot write fragments to " + datasetUri, e);
        }
    }

    /** {@link #create(String, ArrowReader, WriteParams)} of the rows of one batch. */
    public static List<FragmentMetadata> create(
            String datasetUri, BufferAllocator allocator, VectorSchemaRoot root, WriteParams params) {
        try (ArrowReader data =
                dev.plainlance.lance.arrow.ArrowReaders.of(root.getSchema(), List.of(root), allocator)) {
            return create(datasetUri, data, params);
        } catch (IOException e) {
            throw new LanceIOException("cannot write fragments to " + datasetUri, e);
        }
    }

    public Dataset dataset() {
        return dataset;
    }

    public FragmentMetadata metadata() {
        return metadata;
    }

    public int getId() {
        return Math.toIntExact(metadata.getId());
    }

    /** Live rows, from metadata. */
    public int countRows() {
        return Math.toIntExact(metadata.getNumRows());
    }

    /** A scan of every column of this fragment's live rows. */
    public LanceScanner newScan() {
        return newScan(ScanOptions.defaults());
    }

    /** {@link #newScan()} in batches of at most {@code batchSize} rows. */
    public LanceScanner newScan(long batchSize) {
        return newScan(new ScanOptions.Builder().batchSize(batchSize).build());
    }

    /** A scan of this fragment configured by {@code options}; fragment ids in {@code options} are replaced. */
    public LanceScanner newScan(ScanOptions options) {
        return dataset.newScan(
                new ScanOptions.Builder(options).fragmentIds(List.of(getId())).build());
    }
}
