package dev.plainlance.lance.file.v20;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.plainlance.lance.file.blob.BlobDescriptionReader;
import dev.plainlance.lance.file.codec.ArrayData;
import dev.plainlance.lance.file.codec.DecodeException;
import dev.plainlance.lance.file.format.ColumnPages;
import dev.plainlance.lance.file.format.FieldReader;
import dev.plainlance.lance.file.format.FieldTree;
import dev.plainlance.lance.pb.enc20.ArrayEncoding;
import dev.plainlance.lance.schema.BlobFields;
import java.util.Iterator;
import java.util.List;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Builds readers for Lance 2.0 fields. In 2.0 every field has its own column in pre-order: a struct
 * has a header column followed by its children's columns, a list has an offsets column followed by
 * its item field's columns, every other field has one column.
 */
public final class V20FieldReaders {
    static final String ARRAY_ENCODING = "lance.encodings.ArrayEncoding";

    private V20FieldReaders() {}

    /**
     * A reader of a top-level field occupying {@code columns}, which must hold {@code numRows}
     * rows.
     */
    public static FieldReader create(FieldTree field, Field arrowField, List<ColumnPages> columns, long numRows) {
        Iterator<ColumnPages> remaining = columns.iterator();
        FieldReader reader = build(field, arrowField, remaining, numRows);
        DecodeException.check(!remaining.hasNext(), "unused columns");
        return reader;
    }

    private static FieldReader build(FieldTree field, Field arrowField, Iterator<ColumnPages> columns, long length) {
        if (!columns.hasNext()) {
            throw new DecodeException("missing column for field " + field.name());
        }
        ColumnPages own = columns.next();
        if (own.totalLength() != length) {
            throw new DecodeException(
                    "column of field " + field.name() + " has " + own.totalLength() + " rows, expected " + length);
        }
        if (BlobFields.isBlob(field.logicalType(), field.field().getMetadataMap())) {
            return new BlobDescriptionReader(own, false);
        }
        ArrowType.ArrowTypeID type = arrowField.getType().getTypeID();
        if (type == ArrowType.ArrowTypeID.Struct) {
            FieldReader[] children = new FieldReader[field.children().size()];
            for (int i = 0; i < children.length; i++) {
                children[i] =
                        build(field.children().get(i), arrowField.getChildren().get(i), columns, length);
            }
            return (start, count) -> {
                ArrayData[] parts = new ArrayData[children.length];
                for (int i = 0; i < parts.length; i++) {
                    parts[i] = children[i].read(start, count);
                }
                return ArrayData.struct(count, parts, null);
            };
        }
        if (type == ArrowType.ArrowTypeID.List || type == ArrowType.ArrowTypeID.LargeList) {
            V20ListReader list = new V20ListReader(own);
            FieldReader items =
                    build(field.children().get(0), arrowField.getChildren().get(0), columns, list.totalItems());
            return list.withItems(items);
        }
        return new V20LeafReader(own, field.logicalType().startsWith("dict:"));
    }

    static ArrayEncoding encoding(ColumnPages pages, int page) {
        ByteString bytes = pages.encoding(page, ARRAY_ENCODING);
        try {
            return ArrayEncoding.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new DecodeException("malformed 2.0 page encoding", e);
        }
    }
}
