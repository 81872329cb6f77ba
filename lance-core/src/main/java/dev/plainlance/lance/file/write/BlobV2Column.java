package dev.plainlance.lance.file.write;

import dev.plainlance.lance.pb.enc21.CompressiveEncoding;
import dev.plainlance.lance.pb.enc21.FullZipLayout;
import dev.plainlance.lance.pb.enc21.PageLayout;
import dev.plainlance.lance.pb.enc21.RepDefLayer;
import dev.plainlance.lance.pb.enc21.Variable;
import dev.plainlance.lance.pb.enc21.VariablePackedStruct;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.LargeVarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.complex.StructVector;

/**
 * A blob v2 column ({@code struct<data: large_binary, uri: utf8>} with the extension name {@code lance.blob.v2},
 * format 2.2) as official Lance 7.0.0 writes it. Each row gets a description {@code (kind, position, size, blob_id,
 * blob_uri)}: a value of more than 4 MiB goes to a sidecar file of its own (kind 2), one of more than 64 KiB to a
 * pack file (kind 1), else a URI is kept as it is (kind 3, position and size 0), else the value's bytes go into the
 * data file, 64-byte aligned (kind 0); a row with neither is described as all zeros, and a null row is null. An
 * empty value is described at the aligned end of the column's last inline value in the file, as official 7.0.0
 * places it, or at 0 before any: readers leave out inline descriptions of position and size 0 (official 7.0.0's
 * take does), so an empty value after inline data is taken as 0 bytes and one before is left out, as with files
 * the official library writes. The
 * column's pages are full-zip pages of packed records ({@code kind u8, position u64, size u64, blob_id u32}, then
 * the uri as a u32 length and its bytes) under a struct layer that is nullable when some row is null.
 */
final class BlobV2Column implements ColumnWriter {
    private static final int FIXED = 1 + 8 + 8 + 4 + 4;
    private static final byte INLINE = 0;
    private static final byte PACKED = 1;
    private static final byte DEDICATED = 2;
    private static final byte EXTERNAL = 3;
    /** Kept as {@link #INLINE} with size 0, described at {@link #inlineEnd}. */
    private static final byte EMPTY = -1;

    private final int column;
    private final String name;
    private final BlobV2Sidecars sidecars;
    private final boolean allowExternal;

    private final GrowableBytes inline = new GrowableBytes(0);
    private final GrowableBytes uris = new GrowableBytes(0);
    private byte[] kinds = new byte[64];
    /** Kind 0: the value's offset in {@link #inline}; kind 1: its offset in the pack file. */
    private long[] positions = new long[64];

    private long[] sizes = new long[64];
    private int[] blobIds = new int[64];
    private int[] uriEnds = new int[64];
    private boolean[] nulls = new boolean[64];
    private boolean anyNull;
    /** The aligned end of the last inline value written into the file, 0 before any. */
    private long inlineEnd;

    private int rows;
    private long firstRow = -1;

    BlobV2Column(int column, String name, BlobV2Sidecars sidecars, boolean allowExternal) {
        this.column = column;
        this.name = name;
        this.sidecars = sidecars;
        this.allowExternal = allowExternal;
    }

    @Override
    public void append(FieldVector top, int start, int end, long firstRowOfRange) {
        StructVector struct = (StructVector) top;
        LargeVarBinaryVector data = (LargeVarBinaryVector) struct.getChildByOrdinal(0);
        VarCharVector uri = (VarCharVector) struct.getChildByOrdinal(1);
        for (int i = start; i < end; i++) {
            if (!struct.isNull(i) && !sidecarValue(data, i) && !uri.isNull(i)) {
                checkUri(new String(uri.get(i), StandardCharsets.UTF_8), i - start);
            }
        }
        if (firstRow < 0) {
            firstRow = firstRowOfRange;
        }
        for (int i = start; i < end; i++) {
            add(struct, data, uri, i);
        }
    }

    private static boolean sidecarValue(LargeVarBinaryVector data, int i) {
        return !data.isNull(i) && length(data, i) > BlobV2Options.INLINE_MAX_BYTES;
    }

    private static long length(LargeVarBinaryVector data, int i) {
        return data.getOffsetBuffer().getLong((long) (i + 1) * 8)
                - data.getOffsetBuffer().getLong((long) i * 8);
    }

    /**
     * Refuses, naming the column and the row of the batch, a URI official Lance would refuse or could not take a
     * blob from: one that is not absolute ({@code scheme:...}) or names a directory, or any URI without
     * {@link BlobV2Options#allowExternalOutsideBases()}.
     */
    private void checkUri(String value, int row) {
        String where = "column '" + name + "', row " + row + " of the batch: blob URI '" + value + "'";
        URI parsed;
        try {
            parsed = new URI(value);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(where + " is not a valid URI: " + e.getMessage());
        }
        if (!parsed.isAbsolute() || value.endsWith("/")) {
            throw new IllegalArgumentException(
                    where + " is not an absolute URI of an object (such as file:///path/x.bin or s3://bucket/x.bin)");
        }
        if (!allowExternal) {
            throw new IllegalArgumentException(where + " lies outside the dataset's external bases (plainlance"
                    + " registers none); allow blobs outside them to keep it as an absolute URI"
                    + " (WriteParams.Builder.withAllowExternalBlobOutsideBases(true); in the CLI"
                    + " --allow-external-blob-outside-bases)");
        }
    }

    private void add(StructVector struct, LargeVarBinaryVector data, VarCharVector uri, int i) {
        if (rows == kinds.length) {
            int capacity = 2 * rows;
            kinds = Arrays.copyOf(kinds, capacity);
            positions = Arrays.copyOf(positions, capacity);
            sizes = Arrays.copyOf(sizes, capacity);
            blobIds = Arrays.copyOf(blobIds, capacity);
            uriEnds = Arrays.copyOf(uriEnds, capacity);
            nulls = Arrays.copyOf(nulls, capacity);
        }
        byte kind = INLINE;
        long position = 0;
        long size = 0;
        int blobId = 0;
        boolean isNull = struct.isNull(i);
        if (!isNull && !data.isNull(i)) {
            long from = data.getOffsetBuffer().getLong((long) i * 8);
            size = length(data, i);
            if (size >= BlobV2Options.DEDICATED_MIN_BYTES) {
                kind = DEDICATED;
                blobId = sidecars.dedicated(data.getDataBuffer(), from, size);
            } else if (size > BlobV2Options.INLINE_MAX_BYTES) {
                kind = PACKED;
                long[] packed = sidecars.pack(data.getDataBuffer(), from, size);
                blobId = (int) packed[0];
                position = packed[1];
            } else if (!uri.isNull(i)) {
                kind = EXTERNAL;
                size = 0;
                byte[] bytes = uri.get(i);
                uris.put(bytes, 0, bytes.length);
            } else if (size == 0) {
                kind = EMPTY;
            } else {
                position = inline.size();
                inline.put(data.getDataBuffer(), from, (int) size);
            }
        } else if (!isNull && !uri.isNull(i)) {
            kind = EXTERNAL;
            byte[] bytes = uri.get(i);
            uris.put(bytes, 0, bytes.length);
        }
        kinds[rows] = kind;
        positions[rows] = position;
        sizes[rows] = size;
        blobIds[rows] = blobId;
        uriEnds[rows] = uris.size();
        nulls[rows] = isNull;
        anyNull |= isNull;
        rows++;
    }

    @Override
    public long bufferedBytes() {
        return (long) inline.size() + uris.size() + (long) (FIXED + 4) * rows;
    }

    @Override
    public void flush(FileLayout layout) {
        if (rows == 0) {
            return;
        }
        GrowableBytes zipped = new GrowableBytes(Math.toIntExact((long) (FIXED + 5) * rows + uris.size()));
        long[] rowStarts = new long[rows + 1];
        int uriStart = 0;
        for (int r = 0; r < rows; r++) {
            rowStarts[r] = zipped.size();
            if (anyNull) {
                zipped.put((byte) (nulls[r] ? 1 : 0));
            }
            int uriLength = uriEnds[r] - uriStart;
            if (!nulls[r]) {
                long position = positions[r];
                if (kinds[r] == EMPTY) {
                    position = inlineEnd;
                } else if (kinds[r] == INLINE && sizes[r] > 0) {
                    position = layout.writeBlob(inline.array(), (int) position, (int) sizes[r]);
                    inlineEnd = (position + sizes[r] + FileLayout.ALIGNMENT - 1)
                            / FileLayout.ALIGNMENT
                            * FileLayout.ALIGNMENT;
                }
                zipped.putUint(FIXED + uriLength, 4);
                zipped.put(kinds[r] == EMPTY ? INLINE : kinds[r]);
                zipped.putLong(position);
                zipped.putLong(sizes[r]);
                zipped.putInt(blobIds[r]);
                zipped.putInt(uriLength);
                zipped.put(uris.array(), uriStart, uriLength);
            }
            uriStart = uriEnds[r];
        }
        rowStarts[rows] = zipped.size();
        layout.writePage(column, page(zipped, rowStarts));
        inline.clear();
        uris.clear();
        rows = 0;
        anyNull = false;
        firstRow = -1;
    }

    private EncodedPage page(GrowableBytes zipped, long[] rowStarts) {
        VariablePackedStruct.Builder record = VariablePackedStruct.newBuilder();
        for (int bits : new int[] {8, 64, 64, 32}) {
            record.addFields(VariablePackedStruct.FieldEncoding.newBuilder()
                    .setValue(MiniBlockValueEncoder.flatEncoding(bits))
                    .setBitsPerValue(bits));
        }
        record.addFields(VariablePackedStruct.FieldEncoding.newBuilder()
                .setValue(CompressiveEncoding.newBuilder()
                        .setVariable(Variable.newBuilder().setOffsets(MiniBlockValueEncoder.flatEncoding(32))))
                .setBitsPerLength(32));
        FullZipLayout layout = FullZipLayout.newBuilder()
                .setBitsDef(anyNull ? 1 : 0)
                .setBitsPerOffset(32)
                .setNumItems(rows)
                .setNumVisibleItems(rows)
                .setValueCompression(CompressiveEncoding.newBuilder().setVariablePackedStruct(record))
                .addLayers(RepDefLayer.REPDEF_ALL_VALID_ITEM)
                .addLayers(anyNull ? RepDefLayer.REPDEF_NULLABLE_ITEM : RepDefLayer.REPDEF_ALL_VALID_ITEM)
                .build();
        byte[] index = FullZipEncoder.repetitionIndex(rowStarts, rows + 1, zipped.size());
        return new EncodedPage(
                List.of(Buf.of(zipped), Buf.of(index)),
                Protos.any(
                        Protos.PAGE_LAYOUT_21,
                        PageLayout.newBuilder().setFullZipLayout(layout).build()),
                rows,
                firstRow);
    }
}
