package dev.plainlance.lance.scan;

import dev.plainlance.lance.env.Env;
import dev.plainlance.lance.env.ReadMetrics;
import dev.plainlance.lance.env.WeightedCache;
import dev.plainlance.lance.error.CorruptFileException;
import dev.plainlance.lance.error.LanceIOException;
import dev.plainlance.lance.error.UnsupportedFeatureException;
import dev.plainlance.lance.file.LanceFileBatchReader;
import dev.plainlance.lance.file.LanceFileReader;
import dev.plainlance.lance.file.PickedRowsReader;
import dev.plainlance.lance.file.codec.ArrayData;
import dev.plainlance.lance.file.format.FieldTree;
import dev.plainlance.lance.io.RandomAccessSource;
import dev.plainlance.lance.io.Storage;
import dev.plainlance.lance.pb.table.DataFile;
import dev.plainlance.lance.pb.table.DataFragment;
import dev.plainlance.lance.schema.LanceField;
import dev.plainlance.lance.table.FileBases;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ForkJoinPool;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Reads requested top-level columns of one fragment by physical row range. Each column comes from the data file
 * that lists its field id (tombstoned ids, -2, are ignored); a column no data file holds is reported as absent
 * and reads as nulls. Data files are opened once and closed with this object.
 */
final class FragmentColumns implements AutoCloseable {
    private final DataFragment fragment;
    private final List<LanceField> requested;
    private final BufferAllocator allocator;
    private final ForkJoinPool workers;
    private final List<OpenFile> files = new ArrayList<>();
    private final OptionalInt readahead;

    /**
     * An open data file: its reader, the file fields read and the requested columns they fill, and a batch reader
     * positioned for sequential reads (so that decoded pages are reused from one batch to the next).
     */
    private static final class OpenFile {
        final RandomAccessSource source;
        final LanceFileReader reader;
        final List<Integer> fieldIndices = new ArrayList<>();
        final List<Integer> columns = new ArrayList<>();
        LanceFileBatchReader batches;
        PickedRowsReader picked;
        long nextRow = -1;
        long batchesEnd;
        int batchSize;

        OpenFile(RandomAccessSource source, LanceFileReader reader) {
            this.source = source;
            this.reader = reader;
        }

        VectorSchemaRoot read(
                long start, int count, long end, BufferAllocator allocator, ForkJoinPool workers, OptionalInt readahead)
                throws IOException {
            boolean sequential = batches != null
                    && nextRow == start
                    && end == batchesEnd
                    && (batchSize == count || start + count == batchesEnd);
            if (!sequential) {
                closeBatches();
                batches = reader.readBatches(allocator, workers, fieldIndices, start, end, count, readahead);
                batchSize = count;
                batchesEnd = end;
            }
            if (!batches.loadNextBatch() || batches.getVectorSchemaRoot().getRowCount() != count) {
                throw new IllegalStateException(
                        source.name() + " did not yield rows [" + start + ", " + (start + count) + ")");
            }
            nextRow = start + count;
            return batches.getVectorSchemaRoot();
        }

        synchronized PickedRowsReader picked(BufferAllocator allocator, ForkJoinPool workers) {
            if (picked == null) {
                picked = reader.readPicked(allocator, workers, fieldIndices);
            }
            return picked;
        }

        void closeBatches() throws IOException {
            if (batches != null) {
                batches.close();
                batches = null;
            }
            if (picked != null) {
                picked.close();
                picked = null;
            }
        }
    }

    private final ReadMetrics metrics;
    /** The row the next sequential read would start at, to count row ranges. */
    private long nextRow = -1;

    FragmentColumns(FileBases bases, DataFragment fragment, List<LanceField> requested, Env env) {
        this(bases, fragment, requested, env, OptionalInt.empty());
    }

    /** Columns whose sequential reads go {@code readahead} batches ahead when given (see {@link RowSource}). */
    FragmentColumns(
            FileBases bases, DataFragment fragment, List<LanceField> requested, Env env, OptionalInt readahead) {
        this.readahead = readahead;
        this.fragment = fragment;
        this.requested = requested;
        this.allocator = env.allocator();
        this.workers = env.workers();
        this.metrics = env.readMetrics();
        metrics.fragmentOpened();
        Map<Integer, Integer> fileOfField = new LinkedHashMap<>();
        for (int f = 0; f < fragment.getFilesCount(); f++) {
            for (int id : fragment.getFiles(f).getFieldsList()) {
                if (id >= 0) {
                    fileOfField.putIfAbsent(id, f);
                }
            }
        }
        Map<Integer, Integer> openedIndex = new LinkedHashMap<>();
        try {
            for (int c = 0; c < requested.size(); c++) {
                Integer f = fileHolding(requested.get(c), fileOfField);
                if (f == null) {
                    continue;
                }
                Integer open = openedIndex.get(f);
                if (open == null) {
                    open = files.size();
                    files.add(open(
                            bases, fragment, fragment.getFiles(f), env.caches().metadata()));
                    openedIndex.put(f, open);
                }
                OpenFile file = files.get(open);
                int fieldIndex = topLevelIndex(
                        file.reader,
                        requested.get(c),
                        bases.dataFile(fragment.getFiles(f)).describe());
                file.fieldIndices.add(fieldIndex);
                file.columns.add(c);
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * The data file holding {@code field}: 2.0 files list every field id, 2.1+ files list only leaves, so a
     * struct or list is found through its first listed descendant.
     */
    private static Integer fileHolding(LanceField field, Map<Integer, Integer> fileOfField) {
        Integer f = fileOfField.get(field.id());
        for (int i = 0; f == null && i < field.children().size(); i++) {
            f = fileHolding(field.children().get(i), fileOfField);
        }
        return f;
    }

    /**
     * Opens {@code file}, its metadata taken from {@code cache} when a file of the same name and size was opened
     * before (data files are never rewritten in place).
     */
    private static OpenFile open(FileBases bases, DataFragment fragment, DataFile file, WeightedCache<Object> cache) {
        FileBases.Located located = bases.dataFile(file);
        Storage storage = located.storage();
        String key = located.key();
        if (file.getFileMajorVersion() == 0 && file.getFileMinorVersion() < 3) {
            throw new UnsupportedFeatureException(storage.describe(key) + ": legacy Lance file format "
                    + file.getFileMajorVersion() + "." + file.getFileMinorVersion() + " is not supported");
        }
        RandomAccessSource source;
        try {
            source = storage.openRandomAccess(key);
        } catch (IOException e) {
            throw new LanceIOException("cannot open data file " + storage.describe(key), e);
        }
        try {
            long size = file.getFileSizeBytes() > 0 ? file.getFileSizeBytes() : source.size();
            LanceFileReader.Metadata metadata = (LanceFileReader.Metadata) cache.get(
                    "lance-file:" + storage.cacheKey(key) + "#" + size,
                    () -> LanceFileReader.readMetadata(source),
                    m -> ((LanceFileReader.Metadata) m).tailBytes() + METADATA_OVERHEAD);
            LanceFileReader reader = LanceFileReader.open(source, metadata);
            if (reader.numRows() != fragment.getPhysicalRows()) {
                throw new CorruptFileException(
                        storage.describe(key),
                        "holds " + reader.numRows() + " rows but the manifest says fragment " + fragment.getId()
                                + " has " + fragment.getPhysicalRows());
            }
            return new OpenFile(source, reader);
        } catch (RuntimeException e) {
            closeQuietly(source);
            throw e;
        }
    }

    /** Bytes a cached file's metadata holds besides its serialized tail (schema objects, page lists). */
    private static final long METADATA_OVERHEAD = 4096;

    private static int topLevelIndex(LanceFileReader reader, LanceField field, String where) {
        List<FieldTree> fields = reader.fields();
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).field().getId() == field.id()) {
                return i;
            }
        }
        throw new CorruptFileException(
                where,
                "the manifest says this file holds field " + field.id() + " (" + field.name()
                        + ") but its schema does not");
    }

    /**
     * Reads rows {@code [start, start + count)} of every stored requested column into {@code out} (null where not
     * stored). The vectors stay owned by this object and valid until the next call or {@link #close()}; callers
     * copy rows out or transfer the buffers away. Consecutive calls that continue where the previous one stopped
     * reuse the decoded pages.
     */
    void read(long start, int count, FieldVector[] out) throws IOException {
        read(start, count, fragment.getPhysicalRows(), out);
    }

    /**
     * {@link #read(long, int, FieldVector[])} by a reader that stops at row {@code end}: a read of a few rows far
     * from the previous one passes {@code start + count}, so nothing past them is decoded ahead.
     */
    void read(long start, int count, long end, FieldVector[] out) throws IOException {
        metrics.rows(count, start != nextRow);
        nextRow = start + count;
        Arrays.fill(out, null);
        for (OpenFile file : files) {
            VectorSchemaRoot root = file.read(start, count, end, allocator, workers, readahead);
            collect(file, root, out, start, start + count);
        }
    }

    /**
     * The values of the rows {@code rows[0..n)} (ascending) of every stored requested column (null where not stored),
     * decoded on the heap as far as those rows need where the file's encoding allows; {@link #fillPicked} loads them.
     * May be called from any thread, also while another call runs.
     */
    ArrayData[] decodePicked(int[] rows, int n) {
        metrics.rows(n, true);
        ArrayData[] out = new ArrayData[requested.size()];
        for (OpenFile file : files) {
            ArrayData[] decoded = file.picked(allocator, workers).decode(rows, n);
            for (int i = 0; i < file.columns.size(); i++) {
                out[file.columns.get(i)] = decoded[i];
            }
        }
        return out;
    }

    /**
     * Loads column {@code c}'s values from {@link #decodePicked} into {@code target}, checking a non-nullable column
     * holds no nulls; {@code rows} are the rows they are, for the message.
     */
    void fillPicked(int c, ArrayData values, FieldVector target, int[] rows, int n) {
        for (OpenFile file : files) {
            int i = file.columns.indexOf(c);
            if (i >= 0) {
                file.picked(allocator, workers).fill(i, values, target);
                checkNulls(file, c, target, n == 0 ? 0 : rows[0], n == 0 ? 0 : rows[n - 1] + 1L);
                return;
            }
        }
        throw new IllegalArgumentException("column " + c + " is not stored");
    }

    /** Hands out the file's vectors as the requested columns they fill, checking non-nullable ones. */
    private void collect(OpenFile file, VectorSchemaRoot root, FieldVector[] out, long start, long end) {
        for (int i = 0; i < file.columns.size(); i++) {
            int c = file.columns.get(i);
            FieldVector vector = root.getVector(i);
            checkNulls(file, c, vector, start, end);
            out[c] = vector;
        }
    }

    private void checkNulls(OpenFile file, int c, FieldVector vector, long start, long end) {
        // rows of a fragment with deletions may be null where deleted (columns added after the delete)
        if (!requested.get(c).nullable() && !fragment.hasDeletionFile() && vector.getNullCount() > 0) {
            throw new CorruptFileException(
                    file.source.name(),
                    "column '" + requested.get(c).name() + "' is declared non-nullable but holds nulls in rows ["
                            + start + ", " + end + ")");
        }
    }

    /** Tells each data file's source where the first rows a read in batches of {@code batchSize} needs lie. */
    void prefetchStart(int batchSize) {
        for (OpenFile file : files) {
            file.reader.prefetchStart(file.fieldIndices, batchSize, readahead);
        }
    }

    @Override
    public void close() {
        for (OpenFile file : files) {
            metrics.pages(file.reader.pageReads(), file.reader.pageBytesRead());
            try {
                file.closeBatches();
            } catch (IOException ignored) {
                // only releases memory
            }
            closeQuietly(file.source);
        }
        files.clear();
    }

    private static void closeQuietly(RandomAccessSource source) {
        try {
            source.close();
        } catch (IOException ignored) {
            // read-only handle: nothing to lose
        }
    }
}
