package dev.plainlance.lance;

import dev.plainlance.lance.env.Env;
import dev.plainlance.lance.env.OnDemandAllocator;
import dev.plainlance.lance.error.LanceIOException;
import dev.plainlance.lance.io.Storages;
import dev.plainlance.lance.ipc.LanceScanner;
import dev.plainlance.lance.ipc.ScanOptions;
import dev.plainlance.lance.table.TableSnapshot;
import dev.plainlance.lance.write.DatasetWriter;
import dev.plainlance.lance.write.DeletionChanges;
import dev.plainlance.lance.write.FragmentColumnJoin;
import dev.plainlance.lance.write.WriteSpec;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.roaringbitmap.RoaringBitmap;

/**
 * One fragment of an opened dataset version, mirroring {@code org.lance.Fragment}: its metadata, scans of its rows
 * alone, and changes written now and committed later, possibly by another process: new fragments ({@link #create}),
 * deletions ({@link #deleteRows}), rewritten columns ({@link #updateColumns}) and new columns
 * ({@link #mergeColumns}). None of these changes the dataset until a transaction naming the result commits.
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
                            requested.fsstStrings(),
                            requested.blobs())
                    : requested;
            return new DatasetWriter(base.storage(), env)
                    .write(base, data, spec).fragments().stream()
                            .map(FragmentMetadata::new)
                            .toList();
        } catch (IOException e) {
            throw new LanceIOException("cannot write fragments to " + datasetUri, e);
        }
    }

    /** The builder form of {@code create}, as the official {@code Fragment.write()}. */
    public static WriteFragmentBuilder write() {
        return new WriteFragmentBuilder();
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

    /**
     * Writes a deletion file marking the rows at {@code rowIndexes} (offsets in the fragment, as the low half of
     * {@code _rowaddr}) deleted, together with the rows deleted already. Returns the fragment with that file, or
     * {@code null} when no row is left: commit either with an {@link dev.plainlance.lance.operation.Update} or
     * {@link dev.plainlance.lance.operation.Delete} (updated fragment, or the removed fragment's id).
     *
     * @throws IllegalArgumentException if an index is outside the fragment's physical rows
     */
    public FragmentMetadata deleteRows(List<Integer> rowIndexes) {
        RoaringBitmap rows = new RoaringBitmap();
        for (Integer index : rowIndexes) {
            if (index == null || index < 0 || index >= metadata.getPhysicalRows()) {
                throw new IllegalArgumentException("row index " + index + " is outside fragment " + getId() + " of "
                        + dataset.uri() + " (" + metadata.getPhysicalRows() + " physical rows)");
            }
            rows.add(index);
        }
        if (rows.isEmpty()) {
            return metadata;
        }
        DeletionChanges changes = DeletionChanges.write(
                thisFragmentOnly(),
                Map.of(metadata.getId(), rows),
                dataset.env().randomIds(),
                dataset.env().allocator());
        return changes.removed().isEmpty()
                ? new FragmentMetadata(changes.updated().get(0))
                : null;
    }

    /**
     * Adds the columns of {@code stream} (all but {@code rightOn}) to this fragment, joining its {@code leftOn} to
     * the stream's {@code rightOn}: a row without a matching stream row gets nulls. The new data file is written
     * now; commit the result's fragment, with every other fragment of the version, in a
     * {@link dev.plainlance.lance.operation.Merge} under the result's schema.
     *
     * @throws IllegalArgumentException if a key column is missing or a stream column exists in the table
     */
    public FragmentMergeResult mergeColumns(ArrowReader stream, String leftOn, String rightOn) {
        try {
            FragmentColumnJoin.Merged merged = new FragmentColumnJoin(dataset.env())
                    .merge(dataset.snapshot(), metadata.proto(), stream, leftOn, rightOn);
            return new FragmentMergeResult(new FragmentMetadata(merged.fragment()), merged.schema());
        } catch (IOException e) {
            throw new LanceIOException("cannot merge columns into fragment " + getId() + " of " + dataset.uri(), e);
        }
    }

    /**
     * Sets the columns of {@code stream} (all but {@code rightOn}, existing top-level columns of the same types)
     * in the rows whose {@code leftOn} matches the stream's {@code rightOn}; other rows keep their values. The
     * columns are written again for the whole fragment now; commit the result with an
     * {@link dev.plainlance.lance.operation.Update} in mode {@code RewriteColumns} naming its modified fields.
     *
     * @throws IllegalArgumentException if a key column is missing, or a stream column is not in the table or has
     *     another type
     */
    public FragmentUpdateResult updateColumns(ArrowReader stream, String leftOn, String rightOn) {
        try {
            FragmentColumnJoin.Updated updated = new FragmentColumnJoin(dataset.env())
                    .update(dataset.snapshot(), metadata.proto(), stream, leftOn, rightOn);
            return new FragmentUpdateResult(
                    new FragmentMetadata(updated.fragment()),
                    Arrays.stream(updated.fieldsModified()).asLongStream().toArray(),
                    updated.updatedRowOffsets());
        } catch (IOException e) {
            throw new LanceIOException("cannot update columns of fragment " + getId() + " of " + dataset.uri(), e);
        }
    }

    /** {@link #updateColumns(ArrowReader, String, String)} joined on {@code _rowid}. */
    public FragmentUpdateResult updateColumns(ArrowReader stream) {
        return updateColumns(stream, "_rowid", "_rowid");
    }

    private TableSnapshot thisFragmentOnly() {
        return dataset.snapshot().withFragments(List.of(metadata.proto()));
    }

    /** A scan of this fragment configured by {@code options}; fragment ids in {@code options} are replaced. */
    public LanceScanner newScan(ScanOptions options) {
        return dataset.newScan(
                new ScanOptions.Builder(options).fragmentIds(List.of(getId())).build());
    }
}
