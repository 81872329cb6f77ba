package dev.plainlance.lance.table;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.lance.error.CorruptFileException;
import dev.plainlance.lance.pb.file.Field;
import dev.plainlance.lance.pb.table.DataFile;
import dev.plainlance.lance.pb.table.DataFragment;
import dev.plainlance.lance.pb.table.DeletionFile;
import dev.plainlance.lance.pb.table.Manifest;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 15 items 2 and 5: a manifest whose fields, versions, row counts or paths contradict each other is refused
 * on open with a {@link CorruptFileException} naming it (seen: a flipped byte in a data file's fields made a NOT NULL
 * column read as nulls; a "15.1" file format version and a row count no scan returns were shown as they were).
 */
class ManifestChecksTest {
    private static final String FILE = "/ds/_versions/3.manifest";

    /** id int64 NOT NULL, name utf8, st struct{a int32 NOT NULL}; one fragment of 10 rows in one 2.1 file. */
    static Manifest valid() {
        DataFile file = DataFile.newBuilder()
                .setPath("a.lance")
                .addAllFields(java.util.List.of(0, 1, 3))
                .addAllColumnIndices(java.util.List.of(0, 1, 2))
                .setFileMajorVersion(2)
                .setFileMinorVersion(1)
                .build();
        return Manifest.newBuilder()
                .addFields(field(0, -1, "id", "int64", false))
                .addFields(field(1, -1, "name", "string", true))
                .addFields(field(2, -1, "st", "struct", true))
                .addFields(field(3, 2, "a", "int32", false))
                .addFragments(DataFragment.newBuilder()
                        .setId(0)
                        .setPhysicalRows(10)
                        .addFiles(file)
                        .setDeletionFile(DeletionFile.newBuilder().setNumDeletedRows(3)))
                .setDataFormat(Manifest.DataStorageFormat.newBuilder()
                        .setFileFormat("lance")
                        .setVersion("2.1"))
                .setVersion(3)
                .setMaxFragmentId(0)
                .build();
    }

    private static Field field(int id, int parent, String name, String type, boolean nullable) {
        return Field.newBuilder()
                .setId(id)
                .setParentId(parent)
                .setName(name)
                .setLogicalType(type)
                .setNullable(nullable)
                .setType(type.equals("struct") ? Field.Type.PARENT : Field.Type.LEAF)
                .build();
    }

    private static DataFile.Builder file(Manifest.Builder m) {
        return m.getFragmentsBuilder(0).getFilesBuilder(0);
    }

    static Stream<Arguments> damage() {
        return Stream.of(
                damage("field id flipped to a negative one", "invalid field id -7", m -> {
                    file(m).setFields(1, -7);
                    return m;
                }),
                damage("field id flipped to one the schema lacks", "non-nullable field 0 ('id')", m -> {
                    file(m).setFields(0, 64);
                    return m;
                }),
                damage("non-nullable top-level field held by no file", "non-nullable field 0 ('id')", m -> {
                    file(m).setFields(0, -2);
                    return m;
                }),
                damage("non-nullable child held by no file", "non-nullable field 3 ('a')", m -> {
                    file(m).setFields(2, -2);
                    return m;
                }),
                damage("column indices disagree with fields", "column indices", m -> {
                    file(m).addColumnIndices(7);
                    return m;
                }),
                damage("file format version 15.1", "unknown file format version 15.1", m -> {
                    file(m).setFileMajorVersion(15);
                    return m;
                }),
                damage("data format version 15.1", "unknown data storage format version \"15.1\"", m -> {
                    m.getDataFormatBuilder().setVersion("15.1");
                    return m;
                }),
                damage("more deleted rows than physical rows", "deletes 3 rows but has only 2", m -> {
                    m.getFragmentsBuilder(0).setPhysicalRows(2);
                    return m;
                }),
                damage("fragment id above max fragment id", "max fragment id", m -> {
                    m.getFragmentsBuilder(0).setId(7);
                    return m;
                }),
                damage("duplicate fragment id", "appears twice", m -> {
                    m.addFragments(m.getFragments(0));
                    m.setMaxFragmentId(0);
                    return m;
                }),
                damage("duplicate among fragment ids out of order", "fragment id 5 appears twice", m -> {
                    DataFragment first = m.getFragments(0);
                    m.setFragments(0, first.toBuilder().setId(5));
                    m.addFragments(first.toBuilder().setId(2));
                    m.addFragments(first.toBuilder().setId(5));
                    m.setMaxFragmentId(5);
                    return m;
                }),
                damage("one of 20 non-nullable fields held by no file", "non-nullable field 117 ('w17')", m -> {
                    for (int i = 0; i < 20; i++) {
                        m.addFields(field(100 + i, -1, "w" + i, "int32", false));
                        if (i != 17) {
                            file(m).addFields(100 + i).addColumnIndices(3 + i);
                        }
                    }
                    return m;
                }),
                damage("absolute path", "not a relative path", m -> {
                    file(m).setPath("/etc/passwd");
                    return m;
                }),
                damage("parent path", "not a relative path", m -> {
                    file(m).setPath("../x.lance");
                    return m;
                }),
                damage("control byte in path", "not a relative path", m -> {
                    file(m).setPath("a\u001b.lance");
                    return m;
                }),
                damage("empty path", "not a relative path", m -> {
                    file(m).setPath("");
                    return m;
                }));
    }

    private static Arguments damage(String name, String problem, UnaryOperator<Manifest.Builder> change) {
        return Arguments.of(name, problem, change);
    }

    @Test
    void aConsistentManifestPasses() {
        assertDoesNotThrow(() -> ManifestChecks.check(valid(), FILE));
        Manifest.Builder wide = valid().toBuilder();
        for (int i = 0; i < 20; i++) {
            wide.addFields(field(100 + i, -1, "w" + i, "int32", false));
            file(wide).addFields(100 + i).addColumnIndices(3 + i);
        }
        DataFragment first = wide.getFragments(0);
        wide.setFragments(0, first.toBuilder().setId(4))
                .addFragments(first.toBuilder().setId(1));
        wide.setMaxFragmentId(4);
        Manifest unordered = wide.build();
        assertDoesNotThrow(() -> ManifestChecks.check(unordered, FILE), "wide schema, fragment ids not ascending");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("damage")
    void aContradictoryManifestIsRefusedNamingTheFile(
            String name, String problem, UnaryOperator<Manifest.Builder> change) {
        Manifest damaged = change.apply(valid().toBuilder()).build();
        CorruptFileException e =
                assertThrows(CorruptFileException.class, () -> ManifestChecks.check(damaged, FILE), name);
        assertTrue(e.getMessage().startsWith(FILE + ": ") && e.getMessage().contains(problem), e.getMessage());
    }
}
