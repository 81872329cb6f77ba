package dev.plainlance.lance.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.UnknownFieldSet;
import dev.plainlance.lance.pb.file.Encoding;
import dev.plainlance.lance.pb.table.Manifest;
import dev.plainlance.testkit.arrow.ArrowSchemaArbitraries;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

/** The "rich" test schema of the interoperability fixtures, compared with what the official library writes. */
class RichSchemaTest {

    static Schema rich() {
        ArrowType float32 = new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
        ArrowType int32 = new ArrowType.Int(32, true);
        return new Schema(List.of(
                new Field("id", FieldType.notNullable(int32), List.of()),
                leaf("i64", new ArrowType.Int(64, true)),
                leaf("f32", float32),
                leaf("f64", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)),
                leaf("s", ArrowType.Utf8.INSTANCE),
                leaf("ls", ArrowType.LargeUtf8.INSTANCE),
                leaf("bin", ArrowType.Binary.INSTANCE),
                leaf("b", ArrowType.Bool.INSTANCE),
                leaf("d", new ArrowType.Date(DateUnit.DAY)),
                leaf("ts", new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC")),
                new Field("vec", FieldType.nullable(new ArrowType.FixedSizeList(8)), List.of(leaf("item", float32))),
                new Field("li", FieldType.nullable(ArrowType.List.INSTANCE), List.of(leaf("item", int32))),
                new Field(
                        "st",
                        FieldType.nullable(ArrowType.Struct.INSTANCE),
                        List.of(leaf("a", int32), leaf("b", ArrowType.Utf8.INSTANCE)))));
    }

    /** The table in lance-7.0.0-observations.md section 3, one row per field. */
    private static final List<Row> OBSERVED = List.of(
            new Row(0, "id", -1, "int32", false, Encoding.PLAIN),
            new Row(1, "i64", -1, "int64", true, Encoding.PLAIN),
            new Row(2, "f32", -1, "float", true, Encoding.PLAIN),
            new Row(3, "f64", -1, "double", true, Encoding.PLAIN),
            new Row(4, "s", -1, "string", true, Encoding.VAR_BINARY),
            new Row(5, "ls", -1, "large_string", true, Encoding.VAR_BINARY),
            new Row(6, "bin", -1, "binary", true, Encoding.VAR_BINARY),
            new Row(7, "b", -1, "bool", true, Encoding.PLAIN),
            new Row(8, "d", -1, "date32:day", true, Encoding.PLAIN),
            new Row(9, "ts", -1, "timestamp:us:UTC", true, Encoding.PLAIN),
            new Row(10, "vec", -1, "fixed_size_list:float:8", true, Encoding.PLAIN),
            new Row(11, "li", -1, "list", true, Encoding.PLAIN),
            new Row(12, "item", 11, "int32", true, Encoding.PLAIN),
            new Row(13, "st", -1, "struct", true, Encoding.NONE),
            new Row(14, "a", 13, "int32", true, Encoding.PLAIN),
            new Row(15, "b", 13, "string", true, Encoding.VAR_BINARY));

    @Test
    void richSchemaProducesTheObservedFieldTable() {
        List<Row> rows =
                LanceSchema.fromArrow(rich()).toProto().stream().map(Row::of).toList();

        assertEquals(OBSERVED, rows);
    }

    /**
     * lance 0.39 also wrote the since-removed {@code storage_class = "default"} (field 11), which current writers
     * omit and readers ignore; every other byte must match.
     */
    @Test
    void richSchemaMatchesTheFieldsOfARealManifestByteForByte() throws IOException {
        Manifest manifest = readManifest("/manifests/lance_0_39_v1.manifest");
        List<dev.plainlance.lance.pb.file.Field> written = withoutStorageClass(manifest.getFieldsList());

        assertEquals(OBSERVED, written.stream().map(Row::of).toList());
        List<dev.plainlance.lance.pb.file.Field> ours =
                LanceSchema.fromArrow(rich()).toProto();
        for (int i = 0; i < written.size(); i++) {
            assertEquals(
                    written.get(i).toByteString(),
                    ours.get(i).toByteString(),
                    written.get(i).getName());
        }
        assertEquals(written.size(), ours.size());
    }

    @Test
    void realManifestSchemaSurvivesReadAndWriteUnchanged() throws IOException {
        Manifest manifest = readManifest("/manifests/lance_0_39_v1.manifest");
        LanceSchema schema = LanceSchema.fromProto(manifest.getFieldsList(), manifest.getSchemaMetadataMap());

        assertEquals(withoutStorageClass(manifest.getFieldsList()), schema.toProto());
        assertEquals(manifest.getSchemaMetadataMap(), schema.metadataProto());
        assertEquals(ArrowSchemaArbitraries.lanceNormalForm(rich()), schema.toArrow());
    }

    private static List<dev.plainlance.lance.pb.file.Field> withoutStorageClass(
            List<dev.plainlance.lance.pb.file.Field> fields) {
        for (dev.plainlance.lance.pb.file.Field f : fields) {
            assertEquals(List.of(11), List.copyOf(f.getUnknownFields().asMap().keySet()), f.getName());
        }
        return fields.stream()
                .map(f -> f.toBuilder()
                        .setUnknownFields(UnknownFieldSet.getDefaultInstance())
                        .build())
                .toList();
    }

    private static Manifest readManifest(String resource) throws IOException {
        byte[] bytes;
        try (InputStream in = RichSchemaTest.class.getResourceAsStream(resource)) {
            bytes = in.readAllBytes();
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int position = (int) buf.getLong(bytes.length - 16);
        int length = buf.getInt(position);
        return Manifest.parseFrom(Arrays.copyOfRange(bytes, position + 4, position + 4 + length));
    }

    private static Field leaf(String name, ArrowType type) {
        return new Field(name, FieldType.nullable(type), List.of());
    }

    private record Row(int id, String name, int parentId, String logicalType, boolean nullable, Encoding encoding) {
        static Row of(dev.plainlance.lance.pb.file.Field f) {
            return new Row(
                    f.getId(), f.getName(), f.getParentId(), f.getLogicalType(), f.getNullable(), f.getEncoding());
        }
    }
}
