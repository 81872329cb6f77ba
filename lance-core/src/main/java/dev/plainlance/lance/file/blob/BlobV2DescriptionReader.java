package dev.plainlance.lance.file.blob;

import dev.plainlance.lance.file.codec.ArrayData;
import dev.plainlance.lance.file.codec.Bytes;
import dev.plainlance.lance.file.codec.DecodeException;
import dev.plainlance.lance.file.format.ColumnPages;
import dev.plainlance.lance.file.format.FieldReader;
import dev.plainlance.lance.file.format.FieldTree;
import dev.plainlance.lance.file.format.LanceFileVersion;
import dev.plainlance.lance.file.v21.V21FieldReaders;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

/**
 * Reads the descriptions of a blob v2 column (format 2.2) as official Lance 7.0.0 writes them: one column of
 * full-zip pages whose values are packed records ({@code kind u8, position u64, size u64, blob_id u32}, then
 * {@code blob_uri} as a u32 length and its bytes) under a nullable struct layer. Returns
 * {@code struct<kind, position, size, blob_id, blob_uri>} with no nulls: a null value is described as all zeros,
 * as the official scan describes it.
 */
public final class BlobV2DescriptionReader implements FieldReader {
    /** Bytes of a record before its uri's bytes. */
    private static final int FIXED = 1 + 8 + 8 + 4 + 4;

    private final FieldReader records;

    /**
     * A reader of the blob v2 column {@code field} stored in {@code pages}: the records are read as the binary
     * child of a nullable struct, which is how their levels are laid out.
     */
    public BlobV2DescriptionReader(FieldTree field, ColumnPages pages, long numRows, LanceFileVersion version) {
        Field record = new Field("record", FieldType.notNullable(ArrowType.Binary.INSTANCE), null);
        Field holder = new Field(field.name(), FieldType.nullable(ArrowType.Struct.INSTANCE), List.of(record));
        this.records = V21FieldReaders.create(field, holder, List.of(pages), numRows, version);
    }

    @Override
    public ArrayData read(long start, int count) {
        ArrayData holder = records.read(start, count);
        DecodeException.check(
                holder.kind == ArrayData.Kind.STRUCT && holder.children.length == 1, "blob v2 records malformed");
        ArrayData values = holder.children[0];
        DecodeException.check(values.kind == ArrayData.Kind.VARIABLE, "blob v2 records are not variable-width");
        byte[] kind = new byte[count];
        byte[] position = new byte[8 * count];
        byte[] size = new byte[8 * count];
        byte[] blobId = new byte[4 * count];
        int[] uriOffsets = new int[count + 1];
        java.io.ByteArrayOutputStream uriBytes = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < count; i++) {
            boolean valid = holder.validity == null || (holder.validity[i >>> 3] & (1 << (i & 7))) != 0;
            int from = values.offsets[i];
            int length = values.offsets[i + 1] - from;
            if (!valid || length == 0) {
                uriOffsets[i + 1] = uriOffsets[i];
                continue;
            }
            DecodeException.check(length >= FIXED, "blob v2 record of " + length + " bytes is too short");
            int uriLength = Bytes.i32(values.data, from + 21);
            DecodeException.check(
                    uriLength >= 0 && uriLength == length - FIXED,
                    "blob v2 record of " + length + " bytes holds a uri of " + uriLength + " bytes");
            kind[i] = values.data[from];
            System.arraycopy(values.data, from + 1, position, 8 * i, 8);
            System.arraycopy(values.data, from + 9, size, 8 * i, 8);
            System.arraycopy(values.data, from + 17, blobId, 4 * i, 4);
            uriBytes.write(values.data, from + FIXED, uriLength);
            uriOffsets[i + 1] = uriOffsets[i] + uriLength;
        }
        byte[] uris = uriBytes.toByteArray();
        try {
            StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(uris));
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new DecodeException("blob v2 uris are not UTF-8", e);
        }
        return ArrayData.struct(
                count,
                new ArrayData[] {
                    ArrayData.fixed(count, 1, kind, null),
                    ArrayData.fixed(count, 8, position, null),
                    ArrayData.fixed(count, 8, size, null),
                    ArrayData.fixed(count, 4, blobId, null),
                    ArrayData.variable(count, uriOffsets, uris, null)
                },
                null);
    }
}
