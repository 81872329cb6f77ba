package dev.plainlance.lance.scan;

import dev.plainlance.lance.env.Env;
import dev.plainlance.lance.error.CorruptFileException;
import dev.plainlance.lance.error.LanceIOException;
import dev.plainlance.lance.error.Printable;
import dev.plainlance.lance.file.blob.BlobSidecars;
import dev.plainlance.lance.io.RootResolver;
import dev.plainlance.lance.io.Storage;
import dev.plainlance.lance.io.Storages;
import dev.plainlance.lance.pb.table.DataFile;
import dev.plainlance.lance.pb.table.DataFragment;
import dev.plainlance.lance.schema.BlobFields;
import dev.plainlance.lance.schema.LanceField;
import dev.plainlance.lance.table.FileBases;
import dev.plainlance.lance.table.TableSnapshot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.UInt1Vector;
import org.apache.arrow.vector.UInt4Vector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VarCharVector;
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
        Column blob = blobColumn(dataset, column);
        return describe(dataset, locator(dataset, env).byIndex(indices), blob, env);
    }

    /** Blobs of the rows with the given row ids, in request order. */
    public static List<Blob> byRowId(TableSnapshot dataset, List<Long> rowIds, String column, Env env) {
        Column blob = blobColumn(dataset, column);
        return describe(dataset, locator(dataset, env).byRowId(rowIds), blob, env);
    }

    /**
     * A blob column: {@code field} itself, the top-level field holding it ({@code top}, which is read), and the
     * names of the struct fields leading from {@code top} to it ({@code path}, empty for a top-level column).
     */
    private record Column(LanceField top, List<String> path, LanceField field) {}

    private static RowLocator locator(TableSnapshot dataset, Env env) {
        return new RowLocator(
                dataset.bases(), dataset.manifest().getFragmentsList(), dataset.hasStableRowIds(), env.allocator());
    }

    /**
     * The blob column named {@code column}: a top-level column, or a field inside structs named by its dotted path
     * ({@code meta.image}), as the official library names it.
     */
    private static Column blobColumn(TableSnapshot dataset, String column) {
        LanceField top = null;
        List<String> path = new ArrayList<>();
        for (LanceField field : dataset.schema().fields()) {
            if (field.name().equals(column)) {
                top = field;
            }
        }
        LanceField field = top;
        if (top == null) {
            String[] names = column.split("\\.", -1);
            for (LanceField candidate : dataset.schema().fields()) {
                if (candidate.name().equals(names[0])) {
                    top = candidate;
                }
            }
            field = top;
            for (int i = 1; field != null && i < names.length; i++) {
                LanceField parent = field;
                field = null;
                if ("struct".equals(parent.logicalType())) {
                    for (LanceField child : parent.children()) {
                        if (child.name().equals(names[i])) {
                            field = child;
                            path.add(child.name());
                        }
                    }
                }
            }
        }
        if (field == null) {
            throw new IllegalArgumentException("the dataset has no column '" + column + "'");
        }
        if (!BlobFields.isBlob(field) && !(BlobFields.isBlobV2(field) && path.isEmpty())) {
            throw new IllegalArgumentException("the column '" + column + "' is not a blob column");
        }
        return new Column(top, List.copyOf(path), field);
    }

    private static List<Blob> describe(
            TableSnapshot dataset, List<TakeReader.Location> locations, Column column, Env env) {
        LanceField field = column.field();
        List<DataFragment> fragments = dataset.manifest().getFragmentsList();
        RowSource rows =
                new RowSource(dataset.bases(), List.of(column.top()), false, false, dataset.hasStableRowIds(), env);
        List<Blob> blobs = new ArrayList<>(locations.size());
        int seen = 0;
        try (ArrowReader reader = new TakeReader(
                rows, fragments, locations, TableScan.DEFAULT_BATCH_SIZE, env.allocator(), env.workers())) {
            while (reader.loadNextBatch()) {
                StructVector descriptions =
                        (StructVector) reader.getVectorSchemaRoot().getVector(0);
                for (String name : column.path()) {
                    descriptions = descriptions.getChild(name, StructVector.class);
                }
                if (BlobFields.isBlobV2(field)) {
                    describeV2(
                            dataset,
                            locations.subList(seen, seen + descriptions.getValueCount()),
                            field,
                            fragments,
                            descriptions,
                            blobs);
                    seen += descriptions.getValueCount();
                    continue;
                }
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
     * Adds the blobs of a batch of blob v2 descriptions (taken at {@code locations}), as official 7.0.0 takes them:
     * an inline description of position and size 0 is left out (so the result may be shorter than the request): a
     * null row, a row with neither data nor URI, and an empty value before any inline bytes of its data file; an
     * empty value after some is taken as 0 bytes. Kind 0 lies in the
     * fragment's data file; kinds 1 (several blobs packed in one file) and 2 (a blob in a file of its own) lie at
     * {@code position} of {@code <data file stem>/<blob_id, 32 binary digits lowest first>.blob} beside it.
     *
     * Kind 3 is a value at another URI ({@link #external}).
     *
     * @throws CorruptFileException for an unknown kind
     */
    private static void describeV2(
            TableSnapshot dataset,
            List<TakeReader.Location> locations,
            LanceField field,
            List<DataFragment> fragments,
            StructVector descriptions,
            List<Blob> blobs) {
        UInt1Vector kind = descriptions.getChild(BlobFields.DESCRIPTION_V2.get(0), UInt1Vector.class);
        UInt8Vector position = descriptions.getChild(BlobFields.DESCRIPTION_V2.get(1), UInt8Vector.class);
        UInt8Vector size = descriptions.getChild(BlobFields.DESCRIPTION_V2.get(2), UInt8Vector.class);
        UInt4Vector blobId = descriptions.getChild(BlobFields.DESCRIPTION_V2.get(3), UInt4Vector.class);
        VarCharVector blobUri = descriptions.getChild(BlobFields.DESCRIPTION_V2.get(4), VarCharVector.class);
        for (int i = 0; i < descriptions.getValueCount(); i++) {
            int k = Byte.toUnsignedInt(kind.get(i));
            DataFragment fragment = fragments.get(locations.get(i).fragment());
            if (k == 3) {
                String where = "fragment " + fragment.getId();
                if (blobUri.isNull(i)) {
                    throw new CorruptFileException(
                            where, "describes a blob of column '" + field.name() + "' at another URI but names none");
                }
                blobs.add(external(
                        dataset.storage(),
                        new String(blobUri.get(i), StandardCharsets.UTF_8),
                        position.get(i),
                        size.get(i),
                        where + ", column '" + field.name() + "'"));
                continue;
            }
            if (k == 0 && position.get(i) == 0 && size.get(i) == 0) {
                continue;
            }
            blobs.add(locateStored(dataset.bases(), fragment, field, k, position.get(i), size.get(i), blobId.get(i)));
        }
    }

    /**
     * Where the bytes of a blob v2 value of kind 0 (in the data file), 1 (in a pack file) or 2 (in a file of its
     * own) lie: the pack and dedicated files are {@code <data file stem>/<blob id>.blob} beside the fragment's data
     * file ({@link BlobSidecars}).
     *
     * @throws CorruptFileException for another kind, or an inline value outside its data file
     */
    public static Blob locateStored(
            FileBases bases, DataFragment fragment, LanceField field, int kind, long position, long size, int blobId) {
        if (kind == 0) {
            return locate(bases, fragment, field, position, size);
        }
        if (kind == 1 || kind == 2) {
            Blob file = locate(bases, fragment, field, 0, 0);
            return new Blob(file.storage(), BlobSidecars.key(file.key(), blobId), position, size);
        }
        throw new CorruptFileException(
                "fragment " + fragment.getId(),
                "describes a blob of column '" + field.name() + "' of unknown kind " + kind);
    }

    /**
     * A blob at another URI (kind 3), as official 7.0.0 takes it: the whole object at {@code uri}, whose size it
     * reads, when the description's size is 0 (what official 7.0.0 writes), else {@code size} bytes at
     * {@code position}. The URI is resolved as base paths are: by the dataset's storage for its own scheme (an
     * S3 dataset's client and options), local paths and {@code file:} URIs otherwise.
     *
     * @throws CorruptFileException if {@code uri} names no object (not absolute, or ending in '/')
     * @throws LanceIOException if the object cannot be read (it is gone, for one)
     */
    static Blob external(Storage own, String uri, long position, long size, String where) {
        String parent;
        String name;
        if (uri.startsWith("/") || uri.startsWith("file:")) {
            java.nio.file.Path path;
            try {
                path = Storages.localPath(uri);
            } catch (IllegalArgumentException e) {
                throw notAnObject(where, uri);
            }
            if (path.getParent() == null || path.getFileName() == null || uri.endsWith("/")) {
                throw notAnObject(where, uri);
            }
            parent = path.getParent().toString();
            name = path.getFileName().toString();
        } else {
            int slash = uri.lastIndexOf('/');
            if (!uri.contains("://") || slash < uri.indexOf("://") + 3 || slash == uri.length() - 1) {
                throw notAnObject(where, uri);
            }
            parent = uri.substring(0, slash);
            name = uri.substring(slash + 1);
        }
        Storage storage = RootResolver.of(own).root(parent);
        if (size != 0) {
            return new Blob(storage, name, position, size);
        }
        try {
            return new Blob(storage, name, 0, storage.size(name));
        } catch (IOException e) {
            throw new LanceIOException("cannot read the blob of " + where + " at " + storage.describe(name), e);
        }
    }

    private static CorruptFileException notAnObject(String where, String uri) {
        return new CorruptFileException(
                where,
                "describes a blob at '" + Printable.escape(uri) + "', which is not the absolute URI of an object");
    }

    /** The 32 bits of {@code id} as binary digits, lowest first, as official 7.0.0 names blob files. */
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
