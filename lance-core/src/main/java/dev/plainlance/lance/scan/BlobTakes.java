package dev.plainlance.lance.scan;

import dev.plainlance.lance.env.Env;
import dev.plainlance.lance.error.CorruptFileException;
import dev.plainlance.lance.io.Storage;
import dev.plainlance.lance.pb.table.DataFile;
import dev.plainlance.lance.pb.table.DataFragment;
import dev.plainlance.lance.schema.BlobFields;
import dev.plainlance.lance.schema.LanceField;
import dev.plainlance.lance.table.FileBases;
import dev.plainlance.lance.table.TableSnapshot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.ipc.ArrowReader;

/**
 * Where the values of a blob column are, behind {@code Dataset.takeBlobs} and {@code takeBlobsByIndices}: the
 * requested rows' descriptions ({@link BlobFields}) are taken like any column, and each names a byte range of the
 * data file holding the column in the row's fragment.
 */
public final class BlobTakes {
    private BlobTakes() {}

    /**
     * One blob: {@code size} bytes at {@code position} of {@code key} in {@code storage}. A null or empty value, or
     * one of a fragment that does not store the column, has size 0 (and no file).
     */
    public record Blob(Storage storage, String key, long position, long size) {}

    /** Blobs of the live rows at positions {@code indices} of the scan order, in request order. */
    public static List<Blob> byIndex(TableSnapshot dataset, List<Long> indices, String column, Env env) {
        LanceField field = blobField(dataset, column);
        return describe(dataset, locator(dataset, env).byIndex(indices), field, env);
    }

    /** Blobs of the rows with the given row ids, in request order. */
    public static List<Blob> byRowId(TableSnapshot dataset, List<Long> rowIds, String column, Env env) {
        LanceField field = blobField(dataset, column);
        return describe(dataset, locator(dataset, env).byRowId(rowIds), field, env);
    }

    private static RowLocator locator(TableSnapshot dataset, Env env) {
        return new RowLocator(
                dataset.bases(), dataset.manifest().getFragmentsList(), dataset.hasStableRowIds(), env.allocator());
    }

    private static LanceField blobField(TableSnapshot dataset, String column) {
        for (LanceField field : dataset.schema().fields()) {
            if (field.name().equals(column)) {
                BlobFields.refuseBlobV2(field, "take the blobs of");
                if (!BlobFields.isBlob(field)) {
                    throw new IllegalArgumentException("the column '" + column + "' is not a blob column");
                }
                return field;
            }
        }
        throw new IllegalArgumentException("the dataset has no column '" + column + "'");
    }

    private static List<Blob> describe(
            TableSnapshot dataset, List<TakeReader.Location> locations, LanceField field, Env env) {
        List<DataFragment> fragments = dataset.manifest().getFragmentsList();
        RowSource rows = new RowSource(dataset.bases(), List.of(field), false, false, dataset.hasStableRowIds(), env);
        List<Blob> blobs = new ArrayList<>(locations.size());
        try (ArrowReader reader = new TakeReader(
                rows, fragments, locations, TableScan.DEFAULT_BATCH_SIZE, env.allocator(), env.workers())) {
            while (reader.loadNextBatch()) {
                StructVector descriptions =
                        (StructVector) reader.getVectorSchemaRoot().getVector(0);
                UInt8Vector position = descriptions.getChild(BlobFields.POSITION, UInt8Vector.class);
                UInt8Vector size = descriptions.getChild(BlobFields.SIZE, UInt8Vector.class);
                for (int i = 0; i < descriptions.getValueCount(); i++) {
                    DataFragment fragment =
                            fragments.get(locations.get(blobs.size()).fragment());
                    boolean empty = descriptions.isNull(i) || size.isNull(i) || size.get(i) == 0;
                    blobs.add(
                            empty
                                    ? new Blob(null, null, 0, 0)
                                    : locate(dataset.bases(), fragment, field, position.get(i), size.get(i)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return blobs;
    }

    /**
     * The blob in the fragment's data file holding {@code field}, checked against the file's size when known.
     *
     * @throws CorruptFileException if it lies outside the file or the fragment has no file for the field
     */
    public static Blob locate(FileBases bases, DataFragment fragment, LanceField field, long position, long size) {
        for (DataFile file : fragment.getFilesList()) {
            if (file.getFieldsList().contains(field.id())) {
                FileBases.Located located = bases.dataFile(file);
                long fileSize = file.getFileSizeBytes();
                if (position < 0 || size < 0 || (fileSize > 0 && position > fileSize - size)) {
                    throw outside(located.describe(), position, size, fileSize);
                }
                return new Blob(located.storage(), located.key(), position, size);
            }
        }
        throw new CorruptFileException(
                "fragment " + fragment.getId(), "describes a blob of column '" + field.name() + "' but no data file");
    }

    /** The error for a description pointing outside its data file of {@code fileSize} bytes. */
    public static CorruptFileException outside(String file, long position, long size, long fileSize) {
        return new CorruptFileException(
                file,
                "blob of " + Long.toUnsignedString(size) + " bytes at offset " + Long.toUnsignedString(position)
                        + " lies outside the file of " + fileSize + " bytes");
    }
}
