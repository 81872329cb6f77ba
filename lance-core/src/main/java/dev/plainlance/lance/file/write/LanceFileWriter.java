package dev.plainlance.lance.file.write;

import dev.plainlance.lance.error.UnsupportedFeatureException;
import dev.plainlance.lance.file.format.LanceFileVersion;
import dev.plainlance.lance.pb.file.FileDescriptor;
import dev.plainlance.lance.pb.file.Schema;
import dev.plainlance.lance.schema.BlobFields;
import dev.plainlance.lance.schema.LanceField;
import dev.plainlance.lance.schema.LanceSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.LargeVarBinaryVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Writes one Lance data file (format 2.2, 2.1 or 2.0) from Arrow batches.
 *
 * <p>Columns: in 2.1 and 2.2 one per leaf field (a fixed-size list is a leaf; structs and lists have none; a blob v2
 * column is one column of descriptions, its large values in sidecar files), in 2.0 one per field in pre-order. Each column buffers at most about {@link WriterOptions#maxPageBytes()} before writing a page,
 * so memory is bounded by the page size times the number of columns, not by the file size. {@link #finish()} writes
 * the schema (global buffer 0), the column metadata and the footer. Not thread-safe; the sink is not closed and is
 * written only from the calling thread (with {@link WriterOptions#backgroundEncoding()} pages are encoded on other
 * threads).
 */
public final class LanceFileWriter {
    private static final int MIN_WINDOW_ROWS = 64;

    private final LanceSchema schema;
    private final LanceFileVersion version;
    private final WriterOptions options;
    private final List<ColumnWriter> columns = new ArrayList<>();
    private final List<Integer> topLevelOf = new ArrayList<>();
    private final int[] fieldIds;
    private final FileLayout layout;
    private final List<byte[]> globalBuffers = new ArrayList<>();
    private final BlobV2Sidecars sidecars;
    private long rows;
    private boolean finished;

    private LanceFileWriter(
            OutputSink sink,
            LanceSchema schema,
            LanceFileVersion version,
            WriterOptions options,
            SidecarFiles sidecarFiles) {
        this.schema = schema;
        this.version = version;
        this.options = options;
        this.sidecars = new BlobV2Sidecars(sidecarFiles, options.blobs().packFileSizeThreshold());
        List<Integer> ids = new ArrayList<>();
        List<Field> arrowFields = schema.toArrow().getFields();
        int column = 0;
        checkWritable(schema, version);
        List<V20Node> v20Nodes = new ArrayList<>();
        List<Integer> blobColumns20 = new ArrayList<>();
        for (int i = 0; i < schema.fields().size(); i++) {
            LanceField field = schema.fields().get(i);
            if (BlobFields.isBlobV2(field)) {
                columns.add(new BlobV2Column(
                        column++, field.name(), sidecars, options.blobs().allowExternalOutsideBases()));
                topLevelOf.add(i);
                ids.add(field.id());
            } else if (BlobFields.isBlob(field)) {
                if (version == LanceFileVersion.V2_0) {
                    v20Nodes.add(null);
                    blobColumns20.add(column);
                }
                columns.add(new BlobColumn(column++, version.isStructural(), field.name(), new int[0]));
                topLevelOf.add(i);
                ids.add(field.id());
            } else if (version.isStructural()) {
                for (LeafPath path : LeafPath.leavesOf(field, arrowFields.get(i))) {
                    columns.add(
                            BlobFields.isBlob(path.leafField())
                                    ? new BlobColumn(
                                            column++,
                                            true,
                                            dottedName(field, path.childOrdinals()),
                                            path.childOrdinals())
                                    : new StructuralColumn(path, column++, options.fsstStrings()));
                    topLevelOf.add(i);
                    ids.add(path.leafField().id());
                }
            } else {
                int first = v20Nodes.size();
                V20Node root = V20Node.create(field, arrowFields.get(i), field.name(), v20Nodes);
                column = v20Nodes.size();
                for (int c = first; c < column; c++) {
                    if (v20Nodes.get(c) instanceof V20BlobNode) {
                        blobColumns20.add(c);
                    }
                }
                columns.add(new V20FieldWriter(root));
                topLevelOf.add(i);
                addIds(field, ids);
            }
        }
        this.fieldIds = ids.stream().mapToInt(Integer::intValue).toArray();
        this.layout = new FileLayout(sink, column, options.backgroundEncoding(), options.workers());
        blobColumns20.forEach(layout::markBlobColumn);
    }

    /**
     * Refuses, naming the column, a schema whose fields cannot be written in {@code version}: blob v2 columns before
     * 2.2, inside other columns, or not of the shape {@code struct<data: large_binary, uri: utf8>}; blob columns
     * inside lists, and blob columns in 2.2. Writers of data files check before writing any, so that a dataset of no
     * rows is refused as a larger one is.
     *
     * @throws UnsupportedFeatureException naming the first such column
     */
    public static void checkWritable(LanceSchema schema, LanceFileVersion version) {
        for (LanceField field : schema.fields()) {
            if (BlobFields.isBlobV2(field)) {
                checkBlobV2(field, version);
                continue;
            }
            refuseNestedBlobV2(field, field.name());
            refuseBlobsInLists(field, field.name(), false);
            if (version.compareTo(LanceFileVersion.V2_2) >= 0) {
                refuseLegacyBlobs(field, field.name(), version);
            }
        }
    }

    /**
     * A blob v2 column is written in 2.2 and later, at top level, as {@code struct<data: large_binary, uri: utf8>}:
     * the only shape official Lance 7.0.0 writes (it refuses blob v2 columns inside structs).
     */
    private static void checkBlobV2(LanceField field, LanceFileVersion version) {
        if (version.compareTo(LanceFileVersion.V2_2) < 0) {
            throw new UnsupportedFeatureException("column '" + field.name() + "' is a blob v2 column ("
                    + BlobFields.BLOB_V2_EXTENSION + "), which needs file format 2.2, not " + version
                    + "; write with data storage version 2.2");
        }
        List<LanceField> children = field.children();
        if (children.size() != 2
                || !children.get(0).name().equals("data")
                || !children.get(0).logicalType().equals("large_binary")
                || !children.get(1).name().equals("uri")
                || !children.get(1).logicalType().equals("string")) {
            throw new UnsupportedFeatureException("column '" + field.name() + "' is a blob v2 column ("
                    + BlobFields.BLOB_V2_EXTENSION + ") whose children are not data: large_binary, uri: utf8");
        }
    }

    private static void refuseNestedBlobV2(LanceField field, String path) {
        for (LanceField child : field.children()) {
            if (BlobFields.isBlobV2(child)) {
                throw LeafType.unsupported(path + "." + child.name(), "blob v2 columns inside other columns");
            }
            refuseNestedBlobV2(child, path + "." + child.name());
        }
    }

    /**
     * Blob columns are written at top level and inside structs, as official Lance 7.0.0 writes them; not inside
     * lists.
     */
    private static void refuseBlobsInLists(LanceField field, String path, boolean inList) {
        if (inList && BlobFields.isBlob(field)) {
            throw LeafType.unsupported(path, "blob columns inside lists");
        }
        boolean list =
                field.logicalType().startsWith("list") || field.logicalType().startsWith("large_list");
        for (LanceField child : field.children()) {
            refuseBlobsInLists(child, path + "." + child.name(), inList || list);
        }
    }

    /**
     * From 2.2 on, official Lance stores blobs only as blob v2 columns ({@code lance.blob.v2}), and refuses
     * {@code lance-encoding:blob} columns as this does.
     */
    private static void refuseLegacyBlobs(LanceField field, String path, LanceFileVersion version) {
        if (BlobFields.isBlob(field)) {
            throw new UnsupportedFeatureException("column '" + path + "': blob columns (lance-encoding:blob) cannot be"
                    + " written in file format " + version + ", whose blobs are blob v2 columns (struct<data:"
                    + " large_binary, uri: utf8> with the extension name lance.blob.v2); write them as such, or in"
                    + " format 2.1 or 2.0");
        }
        for (LanceField child : field.children()) {
            refuseLegacyBlobs(child, path + "." + child.name(), version);
        }
    }

    /** The dotted path ({@code s.b}) of the field {@code ordinals} lead to from {@code top}. */
    private static String dottedName(LanceField top, int[] ordinals) {
        StringBuilder name = new StringBuilder(top.name());
        LanceField field = top;
        for (int ordinal : ordinals) {
            field = field.children().get(ordinal);
            name.append('.').append(field.name());
        }
        return name.toString();
    }

    private static void addIds(LanceField field, List<Integer> ids) {
        ids.add(field.id());
        field.children().forEach(child -> addIds(child, ids));
    }

    /**
     * A writer of a file with {@code schema} (field ids as in the dataset).
     *
     * @throws UnsupportedFeatureException naming the column if a field cannot be written in {@code version}, or if
     *     the version is 2.3. A 2.2 file holds the pages a 2.1 file would (official 7.0.0's 2.2 writer picks some
     *     other page variants, such as mini-block chunks with 32-bit sizes; its reader reads both)
     */
    public static LanceFileWriter create(
            OutputSink sink, LanceSchema schema, LanceFileVersion version, WriterOptions options) {
        return create(sink, schema, version, options, SidecarFiles.NONE);
    }

    /**
     * {@link #create(OutputSink, LanceSchema, LanceFileVersion, WriterOptions)} for a file whose blob v2 values
     * too large for it go to {@code sidecars}.
     */
    public static LanceFileWriter create(
            OutputSink sink,
            LanceSchema schema,
            LanceFileVersion version,
            WriterOptions options,
            SidecarFiles sidecars) {
        Objects.requireNonNull(sink, "sink");
        Objects.requireNonNull(sidecars, "sidecars");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(options, "options");
        if (version == LanceFileVersion.V2_3) {
            throw new UnsupportedFeatureException(
                    "the Lance file writer writes versions 2.0, 2.1 and 2.2, not " + version);
        }
        return new LanceFileWriter(sink, schema, version, options, sidecars);
    }

    /** A 2.1 writer with default options. */
    public static LanceFileWriter create(OutputSink sink, LanceSchema schema) {
        return create(sink, schema, LanceFileVersion.V2_1, WriterOptions.defaults());
    }

    /**
     * Appends the rows of {@code batch}, whose top-level fields must match the schema's in number and type.
     *
     * @throws IllegalArgumentException if the batch does not match the schema
     */
    public void write(VectorSchemaRoot batch) {
        write(batch, 0, batch.getRowCount());
    }

    /**
     * Appends rows {@code [from, from + count)} of {@code batch} (see {@link #write(VectorSchemaRoot)}), without
     * slicing the batch: a slice of a variable-width column at a non-zero start copies and rebases its offsets.
     *
     * @throws IllegalArgumentException if the batch does not match the schema or the rows are not in it
     */
    public void write(VectorSchemaRoot batch, int from, int count) {
        checkOpen();
        if (from < 0 || count < 0 || (long) from + count > batch.getRowCount()) {
            throw new IllegalArgumentException(
                    "rows [" + from + ", " + ((long) from + count) + ") are not in a batch of " + batch.getRowCount());
        }
        List<Field> expected = schema.toArrow().getFields();
        List<FieldVector> vectors = batch.getFieldVectors();
        if (vectors.size() != expected.size()) {
            throw new IllegalArgumentException(
                    "batch has " + vectors.size() + " columns, the schema has " + expected.size());
        }
        for (int i = 0; i < expected.size(); i++) {
            if (blobColumn(i) && !(vectors.get(i) instanceof LargeVarBinaryVector)) {
                throw LeafType.unsupported(
                        expected.get(i).getName(),
                        "blob descriptions: a blob column is written from its values (scan.BlobValues reads them)");
            }
            if (!sameShape(expected.get(i), vectors.get(i).getField())) {
                throw new IllegalArgumentException("column '" + expected.get(i).getName() + "' of the batch has type "
                        + vectors.get(i).getField() + ", expected " + expected.get(i));
            }
        }
        for (int c = 0; c < columns.size(); c++) {
            appendWindows(columns.get(c), vectors.get(topLevelOf.get(c)), batch.getRowCount(), from, from + count);
        }
        rows += count;
    }

    private boolean blobColumn(int field) {
        return BlobFields.isBlob(schema.fields().get(field));
    }

    /**
     * Appends rows {@code [from, to)} of a batch of {@code batchRows} rows in row windows sized so that each page
     * stays close to the page size limit.
     */
    private void appendWindows(ColumnWriter column, FieldVector top, int batchRows, int from, int to) {
        long bytesPerRow = Math.max(1, top.getBufferSize() / Math.max(1, batchRows));
        int at = from;
        while (at < to) {
            long room = Math.max(0, options.maxPageBytes() - column.bufferedBytes());
            int window = (int) Math.min(to - at, Math.max(MIN_WINDOW_ROWS, room / bytesPerRow));
            column.append(top, at, at + window, rows + (at - from));
            at += window;
            if (column.bufferedBytes() >= options.maxPageBytes()) {
                column.flush(layout);
            }
        }
    }

    private static boolean sameShape(Field expected, Field actual) {
        if (!expected.getType().equals(actual.getType())
                || expected.getChildren().size() != actual.getChildren().size()) {
            return false;
        }
        for (int i = 0; i < expected.getChildren().size(); i++) {
            if (!sameShape(expected.getChildren().get(i), actual.getChildren().get(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * The size the file would have about now: bytes written, plus the values of pages being encoded and of rows
     * buffered for the next pages (uncompressed). A writer splitting files by size checks it after each batch.
     */
    public long estimatedSize() {
        long buffered = 0;
        for (ColumnWriter column : columns) {
            buffered += column.bufferedBytes();
        }
        return layout.position() + layout.pendingValueBytes() + buffered;
    }

    /**
     * Adds a global buffer, written when the file is finished, after the schema; returns its index in the file
     * (1 for the first: buffer 0 is the schema).
     */
    public int addGlobalBuffer(byte[] bytes) {
        checkOpen();
        globalBuffers.add(bytes.clone());
        return globalBuffers.size();
    }

    /** Writes the remaining pages, the schema, the added global buffers, the column metadata and the footer. */
    public WrittenFile finish() {
        checkOpen();
        finished = true;
        for (ColumnWriter column : columns) {
            column.finish(layout);
        }
        sidecars.finish();
        byte[] descriptor = FileDescriptor.newBuilder()
                .setSchema(Schema.newBuilder().addAllFields(fileFields()).putAllMetadata(schema.metadataProto()))
                .setLength(rows)
                .build()
                .toByteArray();
        layout.finish(descriptor, globalBuffers, version.footerMajor(), version.footerMinor());
        columns.forEach(ColumnWriter::release);
        int[] columnIndices = new int[fieldIds.length];
        for (int i = 0; i < columnIndices.length; i++) {
            columnIndices[i] = i;
        }
        return new WrittenFile(rows, layout.position(), fieldIds, columnIndices, 2, version.minor());
    }

    /**
     * The schema's fields as the file stores them: a blob v2 column becomes a struct with the metadata
     * {@code lance-encoding:blob} and {@code lance-encoding:packed} and no children, followed by the five fields of
     * its description with id and parent id -1, as official Lance 7.0.0 stores it.
     */
    private List<dev.plainlance.lance.pb.file.Field> fileFields() {
        List<dev.plainlance.lance.pb.file.Field> out = new ArrayList<>();
        java.util.Set<Integer> blobV2 = new java.util.HashSet<>();
        for (LanceField field : schema.fields()) {
            if (BlobFields.isBlobV2(field)) {
                blobV2.add(field.id());
            }
        }
        for (dev.plainlance.lance.pb.file.Field field : schema.toProto()) {
            if (blobV2.contains(field.getParentId())) {
                continue;
            }
            if (!blobV2.contains(field.getId())) {
                out.add(field);
                continue;
            }
            out.add(field.toBuilder()
                    .clearMetadata()
                    .clearExtensionName()
                    .putMetadata(BlobFields.BLOB_KEY, com.google.protobuf.ByteString.copyFromUtf8("true"))
                    .putMetadata(PACKED_KEY, com.google.protobuf.ByteString.copyFromUtf8("true"))
                    .build());
            String[] types = {"uint8", "uint64", "uint64", "uint32", "string"};
            for (int k = 0; k < types.length; k++) {
                out.add(dev.plainlance.lance.pb.file.Field.newBuilder()
                        .setName(BlobFields.DESCRIPTION_V2.get(k))
                        .setId(-1)
                        .setParentId(-1)
                        .setLogicalType(types[k])
                        .setEncoding(
                                k == types.length - 1
                                        ? dev.plainlance.lance.pb.file.Encoding.VAR_BINARY
                                        : dev.plainlance.lance.pb.file.Encoding.PLAIN)
                        .build());
            }
        }
        return out;
    }

    private static final String PACKED_KEY = "lance-encoding:packed";

    /**
     * Gives up on the file: pages still being encoded are dropped, and so is an unfinished blob pack file (sidecars
     * already committed stay for the caller to delete). The writer cannot be used after.
     */
    public void abort() {
        finished = true;
        layout.abandon();
        sidecars.abandon();
    }

    private void checkOpen() {
        if (finished) {
            throw new IllegalStateException("the writer is finished");
        }
    }
}
