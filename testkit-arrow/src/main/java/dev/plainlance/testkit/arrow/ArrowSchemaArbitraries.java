package dev.plainlance.testkit.arrow;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * jqwik arbitraries for random Arrow schemas that Lance can store: every type of the Lance logical type table
 * (primitives, temporal types, decimals, fixed-size binary, fixed-size lists including nested and bfloat16 ones,
 * dictionaries, Lance JSON, structs, lists and large lists nested up to three levels), random nullability, random
 * field and schema metadata, sibling names unique.
 *
 * <p>{@link #lanceNormalForm(Schema)} gives the schema Lance reads back for such a schema.
 */
public final class ArrowSchemaArbitraries {
    private static final int MAX_DEPTH = 3;
    /** Field metadata keys and values with a meaning in Lance (lance-core's {@code LogicalTypes} and schema). */
    public static final String EXTENSION_NAME_KEY = "ARROW:extension:name";

    public static final String EXTENSION_METADATA_KEY = "ARROW:extension:metadata";
    public static final String BFLOAT16_EXTENSION = "lance.bfloat16";
    public static final String LANCE_JSON_EXTENSION = "lance.json";
    public static final String UNENFORCED_PRIMARY_KEY_KEY = "lance-schema:unenforced-primary-key";

    private ArrowSchemaArbitraries() {}

    /**
     * Schemas with 1 to 6 top-level fields and random schema metadata. Edge cases are off: mixed into nested
     * combinators they would make a handful of degenerate schemas dominate the samples.
     */
    public static Arbitrary<Schema> schemas() {
        return Combinators.combine(siblings(fields(MAX_DEPTH), 1, 6), metadata())
                .as(Schema::new)
                .withoutEdgeCases();
    }

    /** Fields nested at most {@code depth} levels below this one. */
    public static Arbitrary<Field> fields(int depth) {
        if (depth == 0) {
            return leaves();
        }
        Arbitrary<Field> child = fields(depth - 1);
        return Arbitraries.frequencyOf(
                Tuple.of(6, leaves()),
                Tuple.of(1, nested(ArrowType.Struct.INSTANCE, siblings(child, 0, 3))),
                Tuple.of(1, nested(ArrowType.List.INSTANCE, child.map(List::of))),
                Tuple.of(1, nested(ArrowType.LargeList.INSTANCE, child.map(List::of))));
    }

    /** Fields without Lance children: primitives, fixed-size lists, dictionaries and JSON. */
    public static Arbitrary<Field> leaves() {
        return Arbitraries.frequencyOf(
                Tuple.of(8, field(primitiveTypes())),
                Tuple.of(2, fixedSizeLists(2)),
                Tuple.of(1, dictionaries()),
                Tuple.of(1, json()));
    }

    /** Every Arrow type that maps to a Lance logical type without children (and without a dictionary). */
    public static Arbitrary<ArrowType> primitiveTypes() {
        Arbitrary<TimeUnit> units = Arbitraries.of(TimeUnit.class);
        Arbitrary<ArrowType> parameterless = Arbitraries.of(
                ArrowType.Null.INSTANCE,
                ArrowType.Bool.INSTANCE,
                new ArrowType.Int(8, true),
                new ArrowType.Int(16, true),
                new ArrowType.Int(32, true),
                new ArrowType.Int(64, true),
                new ArrowType.Int(8, false),
                new ArrowType.Int(16, false),
                new ArrowType.Int(32, false),
                new ArrowType.Int(64, false),
                new ArrowType.FloatingPoint(FloatingPointPrecision.HALF),
                new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE),
                new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE),
                ArrowType.Utf8.INSTANCE,
                ArrowType.LargeUtf8.INSTANCE,
                ArrowType.Binary.INSTANCE,
                ArrowType.LargeBinary.INSTANCE,
                new ArrowType.Date(DateUnit.DAY),
                new ArrowType.Date(DateUnit.MILLISECOND),
                new ArrowType.Time(TimeUnit.SECOND, 32),
                new ArrowType.Time(TimeUnit.MILLISECOND, 32),
                new ArrowType.Time(TimeUnit.MICROSECOND, 64),
                new ArrowType.Time(TimeUnit.NANOSECOND, 64));
        return Arbitraries.frequencyOf(
                Tuple.of(20, parameterless),
                Tuple.of(
                        3,
                        Combinators.combine(units, Arbitraries.of("-", "UTC", "America/New_York", "Etc/GMT-7"))
                                .as((unit, tz) -> new ArrowType.Timestamp(unit, tz.equals("-") ? null : tz))),
                Tuple.of(2, units.map(ArrowType.Duration::new)),
                Tuple.of(2, decimals()),
                Tuple.of(2, Arbitraries.integers().between(0, 64).map(ArrowType.FixedSizeBinary::new)));
    }

    /** Arrow fields equal to what Lance reads back after storing {@code schema}. */
    public static Schema lanceNormalForm(Schema schema) {
        int[] nextId = {0};
        List<Field> fields =
                schema.getFields().stream().map(f -> normalize(f, nextId)).toList();
        return new Schema(fields, schema.getCustomMetadata());
    }

    private static Field normalize(Field f, int[] nextId) {
        int id = nextId[0]++;
        FieldType type = f.getFieldType();
        if (type.getDictionary() != null) {
            DictionaryEncoding dictionary =
                    new DictionaryEncoding(id, false, type.getDictionary().getIndexType());
            return new Field(
                    f.getName(), new FieldType(f.isNullable(), f.getType(), dictionary, f.getMetadata()), List.of());
        }
        if (f.getType() instanceof ArrowType.FixedSizeList) {
            return new Field(
                    f.getName(), type, List.of(normalizeItem(f.getChildren().get(0))));
        }
        return new Field(
                f.getName(),
                type,
                f.getChildren().stream().map(c -> normalize(c, nextId)).toList());
    }

    /** Lance names a fixed-size list item {@code item}, makes it nullable and keeps only bfloat16 metadata. */
    private static Field normalizeItem(Field item) {
        Map<String, String> metadata = isBfloat16(item)
                ? Map.of(EXTENSION_NAME_KEY, BFLOAT16_EXTENSION, EXTENSION_METADATA_KEY, "")
                : Map.of();
        List<Field> children = item.getChildren().stream()
                .map(ArrowSchemaArbitraries::normalizeItem)
                .toList();
        return new Field("item", new FieldType(true, item.getType(), null, metadata), children);
    }

    private static boolean isBfloat16(Field item) {
        return BFLOAT16_EXTENSION.equals(item.getMetadata().get(EXTENSION_NAME_KEY));
    }

    private static Arbitrary<ArrowType> integerTypes() {
        return Combinators.combine(Arbitraries.of(8, 16, 32, 64), Arbitraries.of(true, false))
                .as(ArrowType.Int::new);
    }

    private static Arbitrary<ArrowType> decimals() {
        return Arbitraries.of(128, 256).flatMap(bits -> Arbitraries.integers()
                .between(1, bits == 128 ? 38 : 76)
                .flatMap(precision -> Arbitraries.integers()
                        .between(-10, precision)
                        .map(scale -> new ArrowType.Decimal(precision, scale, bits))));
    }

    /** Fixed-size lists whose items are primitives, bfloat16 or (up to {@code depth}) fixed-size lists. */
    private static Arbitrary<Field> fixedSizeLists(int depth) {
        Arbitrary<Field> items = depth == 0
                ? Arbitraries.oneOf(field(primitiveTypes()), bfloat16Items())
                : Arbitraries.frequencyOf(
                        Tuple.of(4, field(primitiveTypes())),
                        Tuple.of(1, bfloat16Items()),
                        Tuple.of(1, fixedSizeLists(depth - 1)));
        return Combinators.combine(
                        names(),
                        Arbitraries.of(true, false),
                        metadata(),
                        Arbitraries.integers().between(0, 16),
                        items)
                .as((name, nullable, metadata, size, item) -> new Field(
                        name,
                        new FieldType(nullable, new ArrowType.FixedSizeList(size), null, metadata),
                        List.of(item)));
    }

    private static Arbitrary<Field> bfloat16Items() {
        return Combinators.combine(names(), Arbitraries.of(true, false))
                .as((name, nullable) -> new Field(
                        name,
                        new FieldType(
                                nullable,
                                new ArrowType.FixedSizeBinary(2),
                                null,
                                Map.of(EXTENSION_NAME_KEY, BFLOAT16_EXTENSION)),
                        List.of()));
    }

    /** Dictionary-encoded fields with colon-free primitive values, any integer key and any dictionary id. */
    private static Arbitrary<Field> dictionaries() {
        Arbitrary<ArrowType> values = Arbitraries.oneOf(
                Arbitraries.of(
                        ArrowType.Utf8.INSTANCE,
                        ArrowType.LargeUtf8.INSTANCE,
                        ArrowType.Binary.INSTANCE,
                        ArrowType.LargeBinary.INSTANCE,
                        ArrowType.Bool.INSTANCE),
                integerTypes(),
                Arbitraries.of(FloatingPointPrecision.class).map(ArrowType.FloatingPoint::new));
        return Combinators.combine(
                        names(),
                        Arbitraries.of(true, false),
                        metadata(),
                        values,
                        integerTypes(),
                        Arbitraries.longs().between(0, 1000),
                        Arbitraries.of(true, false))
                .as((name, nullable, metadata, value, key, id, ordered) -> new Field(
                        name,
                        new FieldType(
                                nullable, value, new DictionaryEncoding(id, ordered, (ArrowType.Int) key), metadata),
                        List.of()));
    }

    private static Arbitrary<Field> json() {
        return Combinators.combine(names(), Arbitraries.of(true, false), metadata())
                .as((name, nullable, metadata) -> {
                    Map<String, String> withExtension = new HashMap<>(metadata);
                    withExtension.put(EXTENSION_NAME_KEY, LANCE_JSON_EXTENSION);
                    return new Field(
                            name,
                            new FieldType(nullable, ArrowType.LargeBinary.INSTANCE, null, withExtension),
                            List.of());
                });
    }

    private static Arbitrary<Field> field(Arbitrary<ArrowType> types) {
        return Combinators.combine(names(), Arbitraries.of(true, false), metadata(), types)
                .as((name, nullable, metadata, type) ->
                        new Field(name, new FieldType(nullable, type, null, metadata), List.of()));
    }

    private static Arbitrary<Field> nested(ArrowType type, Arbitrary<List<Field>> children) {
        return Combinators.combine(names(), Arbitraries.of(true, false), metadata(), children)
                .as((name, nullable, metadata, kids) ->
                        new Field(name, new FieldType(nullable, type, null, metadata), kids));
    }

    /** Lists of fields with unique names (an index is appended to each). */
    private static Arbitrary<List<Field>> siblings(Arbitrary<Field> fields, int min, int max) {
        return fields.list().ofMinSize(min).ofMaxSize(max).map(list -> {
            List<Field> renamed = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                Field f = list.get(i);
                renamed.add(new Field(f.getName() + "_" + i, f.getFieldType(), f.getChildren()));
            }
            return renamed;
        });
    }

    private static Arbitrary<String> names() {
        return Arbitraries.strings()
                .alpha()
                .numeric()
                .withChars("_ é日")
                .ofMinLength(1)
                .ofMaxLength(6);
    }

    /** Small metadata maps with ASCII and non-ASCII values, sometimes marking an unenforced primary key. */
    public static Arbitrary<Map<String, String>> metadata() {
        Arbitrary<String> keys = Arbitraries.oneOf(
                Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(5).map(k -> "k:" + k),
                Arbitraries.just(UNENFORCED_PRIMARY_KEY_KEY));
        Arbitrary<String> values =
                Arbitraries.strings().alpha().withChars("ü€ :\"").ofMaxLength(8);
        return Arbitraries.maps(keys, values).ofMaxSize(2);
    }
}
