package dev.plainlance.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.testkit.arrow.ArrowBatchArbitraries;
import dev.plainlance.testkit.arrow.ArrowSchemaArbitraries;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.jqwik.api.RandomGenerator;
import net.jqwik.api.sessions.JqwikSession;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.lance.WriteParams;

/**
 * Issue 15 item 1: every logical type without children, alone and inside a list and a struct, written by the
 * official library in data shapes that make it pick its special pages (constant, all-null, mostly-null, mixed, one
 * row, mini-block chunk boundaries) in file versions 2.0, 2.1 and 2.2, must read back in plainlance exactly as the
 * official library reads it (row by row, canonical JSON).
 *
 * <p>The types are generated, not listed: every Arrow type {@link ArrowSchemaArbitraries#primitiveTypes()} can
 * produce (exhaustively). The default build reads a few types per Arrow type id (all of Utf8/Binary and their large
 * forms); {@code -Dplainlance.typeMatrix.full=true} reads every generated type and more boundary sizes.
 */
class TypeMatrixInteropTest {
    private static final boolean FULL = Boolean.getBoolean("plainlance.typeMatrix.full");
    private static final int PER_TYPE_ID = FULL ? Integer.MAX_VALUE : 2;

    private static BufferAllocator allocator;

    @TempDir
    static Path dir;

    @BeforeAll
    static void openAllocator() {
        allocator = new RootAllocator();
    }

    @AfterAll
    static void closeAllocator() {
        allocator.close();
    }

    /** How the rows of a dataset are filled. */
    enum Shape {
        CONSTANT,
        ALL_NULL,
        MOSTLY_NULL,
        MIXED,
        ONE_ROW,
        CHUNK_BOUNDARY;

        List<Integer> rowCounts() {
            return switch (this) {
                case ONE_ROW -> List.of(1);
                case CHUNK_BOUNDARY -> FULL ? List.of(4_095, 4_096, 4_097, 8_193, 65_537) : List.of(4_097);
                default -> List.of(300);
            };
        }
    }

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (String version : List.of("2.0", "2.1", "2.2")) {
            for (Shape shape : Shape.values()) {
                for (int rows : shape.rowCounts()) {
                    cases.add(Arguments.of(version, shape, rows));
                }
            }
        }
        return cases.stream();
    }

    /** The generated leaf types, a few per Arrow type id unless the full sweep is on; never empty. */
    static List<ArrowType> leafTypes() {
        List<ArrowType> all = ArrowSchemaArbitraries.primitiveTypes()
                .allValues()
                .orElseThrow(() -> new AssertionError("primitiveTypes() cannot be generated exhaustively"))
                .distinct()
                .filter(t -> !(t instanceof ArrowType.Null))
                // Arrow Java cannot allocate a zero-width fixed-size binary vector (division by zero)
                .filter(t -> !(t instanceof ArrowType.FixedSizeBinary b && b.getByteWidth() == 0))
                .toList();
        Map<ArrowType.ArrowTypeID, List<ArrowType>> byId = all.stream()
                .collect(Collectors.groupingBy(ArrowType::getTypeID, LinkedHashMap::new, Collectors.toList()));
        List<ArrowType> chosen = new ArrayList<>();
        byId.values().forEach(group -> chosen.addAll(group.subList(0, Math.min(PER_TYPE_ID, group.size()))));
        for (ArrowType variable : List.of(
                ArrowType.Utf8.INSTANCE,
                ArrowType.LargeUtf8.INSTANCE,
                ArrowType.Binary.INSTANCE,
                ArrowType.LargeBinary.INSTANCE)) {
            if (!chosen.contains(variable)) {
                chosen.add(variable);
            }
        }
        return chosen;
    }

    /** The row number column the filtered scan filters on. */
    private static final String KEY = "row_number";

    /** Per leaf type: the type alone, a list of it and a struct holding it; first the row number. */
    static Schema schema() {
        List<Field> fields = new ArrayList<>();
        fields.add(new Field(KEY, FieldType.notNullable(new ArrowType.Int(32, true)), null));
        List<ArrowType> types = leafTypes();
        for (int i = 0; i < types.size(); i++) {
            ArrowType t = types.get(i);
            fields.add(nullable("t" + i, t));
            fields.add(nullable("l" + i, ArrowType.List.INSTANCE, nullable("item", t)));
            fields.add(nullable("s" + i, ArrowType.Struct.INSTANCE, nullable("v", t)));
        }
        return new Schema(fields);
    }

    @ParameterizedTest(name = "file version {0}, {1}, {2} rows")
    @MethodSource("cases")
    void officialRowsReadBackIdentically(String fileVersion, Shape shape, int rowCount) {
        Schema schema = schema();
        List<List<Object>> rows;
        JqwikSession.start();
        try {
            rows = rows(schema, shape, rowCount, new Random(rowCount * 31L + shape.ordinal()));
        } finally {
            JqwikSession.finish();
        }
        String name = fileVersion + "-" + shape + "-" + rowCount;
        OfficialWriter writer = new OfficialWriter(
                allocator, dir.resolve(name), OfficialWriter.Options.defaults().withDataStorageVersion(fileVersion));
        assertEquals(1, writer.write(WriteParams.WriteMode.CREATE, reader(schema, rows)));
        ScanPair pair = new ScanPair(writer, fileVersion, name);
        RowDump.Rows official = pair.scan(1, ScanPair.Scan.all());
        assertEquals(rowCount, official.size(), "official rows of " + name);
        // a filter on one column: the others are read for the kept rows alone (scattered, and a run)
        RowDump.Rows kept = pair.scan(1, ScanPair.Scan.all().filter(KEY + " % 3 = 1 OR " + KEY + " < 40"));
        long expected = java.util.stream.IntStream.range(0, rowCount)
                .filter(k -> k % 3 == 1 || k < 40)
                .count();
        assertEquals(expected, kept.size(), "official filtered rows of " + name);
        pair.done();
    }

    @org.junit.jupiter.api.Test
    void theMatrixCoversEveryVariableWidthTypeAndMoreThanTenTypes() {
        List<ArrowType> types = leafTypes();
        assertTrue(types.size() > 10, "generated types: " + types);
        assertTrue(types.contains(ArrowType.LargeBinary.INSTANCE), "generated types: " + types);
    }

    /**
     * Row values per shape. Structs are never null at the top (2.0 files cannot store a null struct); in all-null
     * rows their child is null instead.
     */
    private static List<List<Object>> rows(Schema schema, Shape shape, int rowCount, Random random) {
        List<Field> fields = schema.getFields();
        List<RandomGenerator<Object>> values = fields.stream()
                .map(f -> ArrowBatchArbitraries.values(f, false).generator(100))
                .toList();
        List<Object> constant = fields.stream()
                .map(f -> nonNull(f, values.get(fields.indexOf(f)), random))
                .toList();
        List<List<Object>> rows = new ArrayList<>();
        for (int r = 0; r < rowCount; r++) {
            List<Object> row = new ArrayList<>();
            row.add((long) r);
            for (int c = 1; c < fields.size(); c++) {
                Field f = fields.get(c);
                boolean isNull =
                        switch (shape) {
                            case ALL_NULL -> true;
                            case MOSTLY_NULL -> r % 20 != 7;
                            default -> false;
                        };
                Object value;
                if (isNull) {
                    value = f.getType() instanceof ArrowType.Struct ? Collections.singletonList(null) : null;
                } else if (shape == Shape.CONSTANT || shape == Shape.MOSTLY_NULL) {
                    value = constant.get(c);
                } else {
                    value = next(values.get(c), random);
                }
                row.add(value);
            }
            rows.add(row);
        }
        return rows;
    }

    private static Object nonNull(Field field, RandomGenerator<Object> values, Random random) {
        for (int attempt = 0; attempt < 1_000; attempt++) {
            Object v = next(values, random);
            if (v != null) {
                return v;
            }
        }
        throw new AssertionError("no non-null value for " + field);
    }

    private static Object next(RandomGenerator<Object> values, Random random) {
        return values.next(random).value();
    }

    private static ArrowReader reader(Schema schema, List<List<Object>> rows) {
        return new ArrowReader(allocator) {
            private boolean loaded;

            @Override
            public boolean loadNextBatch() throws IOException {
                if (loaded) {
                    return false;
                }
                loaded = true;
                try (VectorSchemaRoot filled = ArrowBatchArbitraries.fill(schema, rows, allocator);
                        ArrowRecordBatch batch = new VectorUnloader(filled).getRecordBatch()) {
                    new VectorLoader(getVectorSchemaRoot()).load(batch);
                }
                return true;
            }

            @Override
            public long bytesRead() {
                return 0;
            }

            @Override
            protected void closeReadSource() {}

            @Override
            protected Schema readSchema() throws IOException {
                return schema;
            }
        };
    }

    private static Field nullable(String name, ArrowType type, Field... children) {
        return new Field(name, FieldType.nullable(type), List.of(children));
    }
}
