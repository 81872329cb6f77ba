package dev.plainlance.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.catalog.InvalidNameException;
import dev.plainlance.catalog.TableKeys;
import dev.plainlance.lance.io.Storage;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Issue 12: a bad table key is refused before anything is written, and the catalog stays writable. */
class InvalidKeyTest {
    /** The eleven keys of the report. */
    static List<String> invalidKeys() {
        return List.of("", ".", "..", "a/b", "a\\b", "a\nb", "a\tb", "k".repeat(129), "é中文", "%2e%2e/evil", ".hidden");
    }

    private BufferAllocator allocator;

    @BeforeEach
    void open() {
        allocator = new RootAllocator();
    }

    @AfterEach
    void close() {
        allocator.close();
    }

    @ParameterizedTest
    @MethodSource("invalidKeys")
    void anInvalidKeyIsRefusedBeforeAnythingIsWritten(String key) throws IOException {
        Storage root = MultiTableCommitTest.twoTables(allocator, 71);
        List<String> before = keys(root);
        try (CatalogSession session = CatalogSession.open(root, OpenMode.READ_WRITE, Tables.options(72))) {
            InvalidNameException e = assertThrows(InvalidNameException.class, () -> session.newCommit()
                    .createTable(key, Tables.rows(allocator, 0, 1))
                    .commit());
            assertTrue(e.getMessage().startsWith("invalid table key '"), e.getMessage());
            assertTrue(e.getMessage().indexOf('\n') < 0 && e.getMessage().indexOf('\t') < 0, e.getMessage());
        }
        assertEquals(before, keys(root), "nothing may be written for key " + TableKeys.escaped(key));
        try (CatalogSession session = CatalogSession.open(root, OpenMode.READ_WRITE, Tables.options(73))) {
            session.newCommit().append("a", Tables.rows(allocator, 3, 1)).commit();
            assertEquals(List.of(), session.recover());
            assertEquals(List.of(0L, 1L, 2L, 3L), Tables.visible(session).get("a"));
            assertEquals(
                    Map.of("a", 2L, "b", 1L),
                    Map.copyOf(session.snapshot().pins("main")).entrySet().stream()
                            .collect(java.util.stream.Collectors.toMap(
                                    Map.Entry::getKey, p -> p.getValue().version())));
        }
    }

    private static List<String> keys(Storage root) throws IOException {
        return root.list("").stream().map(o -> o.key()).sorted().toList();
    }
}
