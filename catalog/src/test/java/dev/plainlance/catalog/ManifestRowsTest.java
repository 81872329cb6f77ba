package dev.plainlance.catalog;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Issue 15 item 3: catalog rows whose columns a damaged manifest lost or retyped are a typed error, never an NPE. */
class ManifestRowsTest {
    static Stream<String> columns() {
        return ManifestRows.SCHEMA.getFields().stream().map(Field::getName);
    }

    @ParameterizedTest(name = "without {0}")
    @MethodSource("columns")
    void aMissingColumnIsACatalogFormatExceptionNamingTheManifest(String column) {
        List<Field> fields = new ArrayList<>(ManifestRows.SCHEMA.getFields());
        fields.removeIf(f -> f.getName().equals(column));
        assertRefused(new Schema(fields), "lacks the column '" + column + "'");
    }

    @ParameterizedTest(name = "retyped {0}")
    @MethodSource("columns")
    void aRetypedColumnIsACatalogFormatExceptionNamingTheManifest(String column) {
        List<Field> fields = new ArrayList<>();
        for (Field f : ManifestRows.SCHEMA.getFields()) {
            ArrowType other =
                    f.getType() instanceof ArrowType.Utf8 ? new ArrowType.Int(64, true) : ArrowType.Utf8.INSTANCE;
            fields.add(f.getName().equals(column) ? Field.nullable(column, other) : f);
        }
        assertRefused(new Schema(fields), "has the column '" + column + "' of type");
    }

    private static void assertRefused(Schema schema, String problem) {
        try (BufferAllocator allocator = new RootAllocator();
                VectorSchemaRoot batch = VectorSchemaRoot.create(schema, allocator)) {
            batch.allocateNew();
            batch.setRowCount(1);
            ManifestRows.Decoder decoder = new ManifestRows.Decoder(3, "/cat/__manifest version 3");
            CatalogFormatException e = assertThrows(CatalogFormatException.class, () -> decoder.add(batch));
            assertTrue(
                    e.getMessage().startsWith("/cat/__manifest version 3 ")
                            && e.getMessage().contains(problem),
                    e.getMessage());
        }
    }
}
