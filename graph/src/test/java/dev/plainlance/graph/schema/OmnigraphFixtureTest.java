package dev.plainlance.graph.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

/** Omnigraph's own test fixture {@code crates/omnigraph/tests/fixtures/test.pg} parses and maps to its tables. */
class OmnigraphFixtureTest {

    static String fixture() throws IOException {
        try (InputStream in = OmnigraphFixtureTest.class.getResourceAsStream("/test.pg")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void parsesToTheExpectedModel() throws IOException {
        GraphSchema schema = SchemaParser.parse(fixture(), "test.pg");
        PropertyType string = new PropertyType.Scalar(ScalarKind.STRING);
        GraphSchema expected = new GraphSchema(
                List.of(),
                List.of(
                        new NodeType(
                                "Person",
                                List.of(),
                                List.of(
                                        new Property("name", string, false),
                                        new Property("age", new PropertyType.Scalar(ScalarKind.I32), true)),
                                List.of("name"),
                                List.of(),
                                List.of(),
                                null),
                        new NodeType(
                                "Company",
                                List.of(),
                                List.of(new Property("name", string, false)),
                                List.of("name"),
                                List.of(),
                                List.of(),
                                null)),
                List.of(
                        new EdgeType(
                                "Knows",
                                "Person",
                                "Person",
                                Cardinality.DEFAULT,
                                List.of(new Property("since", new PropertyType.Scalar(ScalarKind.DATE), true)),
                                List.of(),
                                List.of(),
                                null),
                        new EdgeType(
                                "WorksAt",
                                "Person",
                                "Company",
                                Cardinality.DEFAULT,
                                List.of(),
                                List.of(),
                                List.of(),
                                null)));
        assertEquals(expected, schema);
    }

    @Test
    void mapsToOneTablePerType() throws IOException {
        GraphSchema schema = SchemaParser.parse(fixture(), "test.pg");
        Field id = new Field("id", FieldType.notNullable(ArrowType.Utf8.INSTANCE), null);
        Field src = new Field("src", FieldType.notNullable(ArrowType.Utf8.INSTANCE), null);
        Field dst = new Field("dst", FieldType.notNullable(ArrowType.Utf8.INSTANCE), null);

        Schema person = TableMapping.nodeTable(schema.node("Person").orElseThrow());
        assertEquals(
                new Schema(
                        List.of(
                                id,
                                new Field(
                                        "name",
                                        new FieldType(
                                                false,
                                                ArrowType.Utf8.INSTANCE,
                                                null,
                                                Map.of(
                                                        TableMapping.PG_TYPE, "String",
                                                        TableMapping.PG_ANNOTATIONS, "@key")),
                                        null),
                                new Field(
                                        "age",
                                        new FieldType(
                                                true,
                                                new ArrowType.Int(32, true),
                                                null,
                                                Map.of(TableMapping.PG_TYPE, "I32?")),
                                        null)),
                        Map.of(
                                TableMapping.PG_KIND, "node",
                                TableMapping.PG_NAME, "Person",
                                TableMapping.PG_KEY, "name")),
                person);

        Schema knows = TableMapping.edgeTable(schema.edge("Knows").orElseThrow());
        assertEquals(
                new Schema(
                        List.of(
                                id,
                                src,
                                dst,
                                new Field(
                                        "since",
                                        new FieldType(
                                                true,
                                                new ArrowType.Date(DateUnit.DAY),
                                                null,
                                                Map.of(TableMapping.PG_TYPE, "Date?")),
                                        null)),
                        Map.of(
                                TableMapping.PG_KIND, "edge",
                                TableMapping.PG_NAME, "Knows",
                                TableMapping.PG_ENDPOINTS, "Person -> Person")),
                knows);

        Schema worksAt = TableMapping.edgeTable(schema.edge("WorksAt").orElseThrow());
        assertEquals(List.of(id, src, dst), worksAt.getFields());
        assertEquals("Person -> Company", worksAt.getCustomMetadata().get(TableMapping.PG_ENDPOINTS));
        assertEquals("node:Company", schema.node("Company").orElseThrow().tableKey());
        assertEquals("edge:WorksAt", schema.edge("WorksAt").orElseThrow().tableKey());
    }
}
