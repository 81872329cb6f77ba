package dev.plainlance.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.lance.schema.LanceField;
import dev.plainlance.lance.schema.LanceSchema;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every logical type of {@link RichData}, written by the official library with data storage versions 2.0, 2.1,
 * 2.2 (and legacy, 2.3): plainlance must report the same Arrow schema, Lance schema (ids, parents, logical types), data files (fields,
 * column indices, file versions, sizes) and summaries.
 */
class RichTypesInteropTest {
    private static BufferAllocator allocator;

    @BeforeAll
    static void openAllocator() {
        allocator = new RootAllocator();
    }

    @AfterAll
    static void closeAllocator() {
        allocator.close();
    }

    /** The rich schema without the dictionary column (which the official getLanceSchema() cannot convert). */
    static Schema richWithoutDictionary() {
        return RichData.without(RichData.richSchema(), Set.of("dict"));
    }

    /** 2.0, 2.1 and 2.2 as the brief asks, plus legacy (0.1) and the unstable 2.3 since the official writer has them. */
    @ParameterizedTest(name = "data storage version {0}")
    @CsvSource({"2.0, 2.0", "2.1, 2.1", "2.2, 2.2", "legacy, 0.1", "2.3, 2.3"})
    void everyTypeMatchesTheOfficialLibrary(String storageVersion, String reported, @TempDir Path dir) {
        OfficialWriter w = new OfficialWriter(
                allocator, dir, OfficialWriter.Options.defaults().withDataStorageVersion(storageVersion));
        Schema schema = richWithoutDictionary();
        w.create(schema, 0, 30);
        try (org.lance.Dataset official = w.open()) {
            // The official writer kept every column and type (so the comparison covers them all).
            assertEquals(
                    schema.getFields().stream().map(Field::getName).toList(),
                    official.getSchema().getFields().stream()
                            .map(Field::getName)
                            .toList());
            assertEquals(reported, official.getLanceFileFormatVersion());
        }
        Compare.assertSameDataset("rich types, storage " + storageVersion + ", after create", w);

        w.append(schema, 30, 14);
        w.delete("id % 5 = 0");
        Compare.assertSameDataset("rich types, storage " + storageVersion + ", after append+delete", w);
    }

    @Test
    void logicalTypesOfEveryColumnMatchTheOfficialLanceSchema(@TempDir Path dir) {
        OfficialWriter w = new OfficialWriter(allocator, dir);
        w.create(richWithoutDictionary(), 0, 7);
        try (org.lance.Dataset official = w.open();
                dev.plainlance.lance.Dataset plain = dev.plainlance.lance.Dataset.open(w.uri())) {
            List<String> expected = Compare.flatten(official.getLanceSchema());
            List<String> actual = plain.getLanceSchema().allFieldsPreOrder().stream()
                    .map(Compare::describe)
                    .toList();
            // Pairwise, so a failure names the first differing field rather than the whole list.
            for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
                assertEquals(expected.get(i), actual.get(i), "field #" + i);
            }
            assertEquals(expected.size(), actual.size(), "number of fields");
            assertEquals(official.getSchema(), plain.getSchema());
        }
    }

    /**
     * {@code dictionary<int32, utf8>}: the official library writes Lance logical type {@code dict:string:int32:false}
     * (seen in its manifest), but its Java {@code getSchema()} reports the column as plain {@code Int(32)} and its
     * {@code getLanceSchema()} throws "ArrowSchema conversion error" — quirks of the official Java binding. The
     * official scanner is the only official Arrow view of the column: {@code Int(32)} indices with a dictionary
     * encoding over {@code Utf8} values. plainlance is compared against that.
     */
    @Test
    void dictionaryColumnMatchesTheOfficialScanner(@TempDir Path dir) {
        OfficialWriter w = new OfficialWriter(allocator, dir);
        Schema schema = RichData.richSubset("s", "dict");
        w.create(schema, 0, 20);
        try (org.lance.Dataset official = w.open();
                dev.plainlance.lance.Dataset plain = dev.plainlance.lance.Dataset.open(w.uri())) {
            // The quirks documented above (if the official library fixes them, revisit the normalization).
            assertEquals(
                    new ArrowType.Int(32, true),
                    official.getSchema().findField("dict").getType());
            assertThrows(IllegalArgumentException.class, official::getLanceSchema);
            Field scanned = Compare.schemaFromOfficialScan(official).findField("dict");
            assertNotNull(scanned.getDictionary(), "official scanner reports a dictionary");

            LanceField dict = plain.getLanceSchema().allFieldsPreOrder().stream()
                    .filter(f -> f.name().equals("dict"))
                    .findFirst()
                    .orElseThrow();
            assertEquals("2|-1|dict|dict:string:int32:false|true", Compare.describe(dict));
            Field plainDict = plain.getSchema().findField("dict");
            assertNotNull(plainDict.getDictionary(), "plainlance keeps the dictionary encoding: " + plainDict);
            assertEquals(new ArrowType.Int(32, true), plainDict.getDictionary().getIndexType());
        }
        Compare.assertSameDataset("dictionary column", w);
    }

    /**
     * plainlance's own Arrow-to-Lance conversion (what its writer will use) must assign the field ids, parents,
     * logical types and nullability the official writer assigns to the same Arrow schema.
     */
    @Test
    void lanceSchemaFromArrowMatchesWhatTheOfficialWriterStores(@TempDir Path dir) {
        List<Schema> schemas = List.of(RichData.simpleSchema(), richWithoutDictionary(), RichData.metadataSchema());
        for (int i = 0; i < schemas.size(); i++) {
            Schema schema = schemas.get(i);
            OfficialWriter w = new OfficialWriter(allocator, dir.resolve("s" + i));
            w.create(schema, 0, 3);
            LanceSchema converted = LanceSchema.fromArrow(schema);
            try (org.lance.Dataset official = w.open()) {
                assertEquals(
                        Compare.flatten(official.getLanceSchema()),
                        converted.allFieldsPreOrder().stream()
                                .map(Compare::describe)
                                .toList(),
                        "schema #" + i);
                assertEquals(official.getLanceSchema().metadata(), converted.metadata(), "metadata of schema #" + i);
                assertEquals(official.getSchema(), converted.toArrow(), "Arrow round trip of schema #" + i);
            }
        }
        // Dictionary columns: the official getLanceSchema() throws, so compare with the stored manifest fields
        // (as plainlance reads them, checked against the manifest bytes in dictionaryColumnMatchesTheOfficialScanner).
        Schema dict = RichData.richSubset("s", "dict");
        OfficialWriter w = new OfficialWriter(allocator, dir.resolve("dict"));
        w.create(dict, 0, 3);
        try (dev.plainlance.lance.Dataset plain = dev.plainlance.lance.Dataset.open(w.uri())) {
            assertEquals(
                    plain.getLanceSchema().allFieldsPreOrder().stream()
                            .map(Compare::describe)
                            .toList(),
                    LanceSchema.fromArrow(dict).allFieldsPreOrder().stream()
                            .map(Compare::describe)
                            .toList());
        }
    }

    /**
     * The official library cannot handle a timestamp with a fixed-offset zone (see
     * {@link RichData#REFUSED_BY_OFFICIAL}: its logical type "timestamp:ns:+01:00" does not parse, and the JVM
     * aborts). plainlance must not produce such a Lance schema either, or the official library could not open what
     * plainlance writes.
     */
    @Test
    void aFixedOffsetTimeZoneIsRefusedLikeTheOfficialLibraryRefusesIt() {
        Schema schema = new Schema(List.of(new Field(
                "ts",
                org.apache.arrow.vector.types.pojo.FieldType.nullable(
                        new ArrowType.Timestamp(org.apache.arrow.vector.types.TimeUnit.NANOSECOND, "+01:00")),
                null)));
        assertThrows(
                dev.plainlance.lance.schema.UnsupportedLogicalTypeException.class, () -> LanceSchema.fromArrow(schema));
    }

    @Test
    void richDataCoversEveryLogicalTypeTheBriefLists() {
        // Guards the fixture itself: a type silently dropped from RichData would shrink every test above.
        Set<String> types = Set.copyOf(richWithoutDictionary().getFields().stream()
                .map(f -> f.getType().getTypeID().name())
                .toList());
        assertTrue(
                types.containsAll(Set.of(
                        "Int",
                        "FloatingPoint",
                        "Bool",
                        "Utf8",
                        "LargeUtf8",
                        "Binary",
                        "LargeBinary",
                        "FixedSizeBinary",
                        "Date",
                        "Time",
                        "Timestamp",
                        "Duration",
                        "Decimal",
                        "FixedSizeList",
                        "List",
                        "LargeList",
                        "Struct")),
                types.toString());
        assertEquals(44, RichData.richSchema().getFields().size());
        // What the official writer refuses stays out (it would abort the JVM, see RichData.REFUSED_BY_OFFICIAL).
        assertEquals(1, RichData.REFUSED_BY_OFFICIAL.size());
        assertTrue(
                RichData.richSchema().getFields().stream()
                        .filter(f -> f.getType() instanceof ArrowType.Timestamp)
                        .map(f -> ((ArrowType.Timestamp) f.getType()).getTimezone())
                        .allMatch(tz -> tz == null || !tz.contains(":")),
                "no fixed-offset time zones");
    }
}
