package dev.plainlance.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 15 item 3: catalog rows whose columns a damaged manifest lost or retyped are a typed error, never an NPE;
 * so is a damaged summary row.
 */
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

    /** Rows 0 and 1 are the stamp and the commit; rows 2 and 3 the summary counts a = 1 and b = 2. */
    private static CatalogSnapshot withSummary() {
        CatalogCommit head = new CatalogCommit(
                "01JF0000000000000000000000",
                Optional.empty(),
                "alice",
                Instant.parse("2026-12-01T10:00:00Z"),
                "m",
                Optional.empty(),
                3,
                Map.of("b", 2L, "a", 1L));
        return new CatalogSnapshot(3, 1, new TreeMap<>(), Set.of(), new TreeMap<>(), Set.of(), head);
    }

    @Test
    void theOperationFloorRoundTripsAndIsWrittenOnlyOnceSet() {
        CatalogSnapshot plain = withSummary();
        CatalogSnapshot floored =
                new CatalogSnapshot(3, 1, new TreeMap<>(), Set.of(), new TreeMap<>(), Set.of("op7"), 2, plain.head());
        try (BufferAllocator allocator = new RootAllocator();
                VectorSchemaRoot withoutFloor = ManifestRows.encode(plain, allocator);
                VectorSchemaRoot withFloor = ManifestRows.encode(floored, allocator)) {
            assertEquals(withoutFloor.getRowCount() + 2, withFloor.getRowCount(), "one aborted row, one floor row");
            ManifestRows.Decoder decoder = new ManifestRows.Decoder(3, "/cat/__manifest version 3");
            decoder.add(withFloor);
            assertEquals(floored, decoder.finish());
            ManifestRows.Decoder twice = new ManifestRows.Decoder(3, "/cat/__manifest version 3");
            twice.add(withFloor);
            CatalogFormatException e = assertThrows(CatalogFormatException.class, () -> twice.add(withFloor));
            assertTrue(e.getMessage().contains("operation floor twice"), e.getMessage());
            ManifestRows.Decoder older = new ManifestRows.Decoder(1, "/cat/__manifest version 1");
            e = assertThrows(CatalogFormatException.class, () -> older.add(withFloor));
            assertTrue(e.getMessage().contains("operation floor 2"), e.getMessage());
        }
    }

    @Test
    void summaryRowsRoundTrip() {
        try (BufferAllocator allocator = new RootAllocator();
                VectorSchemaRoot batch = ManifestRows.encode(withSummary(), allocator)) {
            ManifestRows.Decoder decoder = new ManifestRows.Decoder(3, "/cat/__manifest version 3");
            decoder.add(batch);
            assertEquals(withSummary(), decoder.finish());
        }
    }

    static Stream<Arguments> damagedSummaries() {
        return Stream.of(
                Arguments.of("no key", damage(b -> ((VarCharVector) b.getVector("key")).setNull(2)), "summary key"),
                Arguments.of(
                        "no count", damage(b -> ((BigIntVector) b.getVector("version")).setNull(2)), "summary count"),
                Arguments.of(
                        "negative count",
                        damage(b -> ((BigIntVector) b.getVector("version")).set(2, -1)),
                        "must be 0 or more"),
                Arguments.of(
                        "blank key",
                        damage(b ->
                                ((VarCharVector) b.getVector("key")).setSafe(2, " ".getBytes(StandardCharsets.UTF_8))),
                        "must not be blank"),
                Arguments.of(
                        "key twice",
                        damage(b ->
                                ((VarCharVector) b.getVector("key")).setSafe(3, "a".getBytes(StandardCharsets.UTF_8))),
                        "summary key 'a' twice"),
                Arguments.of(
                        "unknown kind",
                        damage(b -> ((VarCharVector) b.getVector("kind"))
                                .setSafe(2, "summaries".getBytes(StandardCharsets.UTF_8))),
                        "unknown kind 'summaries'"));
    }

    private static Consumer<VectorSchemaRoot> damage(Consumer<VectorSchemaRoot> change) {
        return change;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("damagedSummaries")
    void aDamagedSummaryRowIsACatalogFormatExceptionNamingTheManifest(
            String name, Consumer<VectorSchemaRoot> damage, String problem) {
        try (BufferAllocator allocator = new RootAllocator();
                VectorSchemaRoot batch = ManifestRows.encode(withSummary(), allocator)) {
            assertEquals(4, batch.getRowCount());
            damage.accept(batch);
            ManifestRows.Decoder decoder = new ManifestRows.Decoder(3, "/cat/__manifest version 3");
            CatalogFormatException e = assertThrows(CatalogFormatException.class, () -> {
                decoder.add(batch);
                decoder.finish();
            });
            assertTrue(
                    e.getMessage().startsWith("/cat/__manifest version 3 ")
                            && e.getMessage().contains(problem),
                    e.getMessage());
        }
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
