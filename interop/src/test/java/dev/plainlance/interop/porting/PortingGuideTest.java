package dev.plainlance.interop.porting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.interop.RichDataAccess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The porting guide's before/after example (README, "Porting from org.lance"): both versions compile, give the same
 * ids, and are quoted in the README exactly as they are here.
 */
class PortingGuideTest {
    private static final Path SOURCES = Path.of("src/test/java/dev/plainlance/interop/porting");

    @Test
    void theOfficialAndThePortedExampleGiveTheSameIds(@TempDir Path dir) throws Exception {
        try (BufferAllocator allocator = new RootAllocator()) {
            List<Long> official;
            try (ArrowReader rows = RichDataAccess.simpleRows(allocator, 0, 25)) {
                official = OfficialExample.run(
                        allocator, rows, dir.resolve("official").toString());
            }
            List<Long> ported;
            try (ArrowReader rows = RichDataAccess.simpleRows(allocator, 0, 25)) {
                ported = PlainlanceExample.run(
                        allocator, rows, dir.resolve("ported").toString());
            }
            assertEquals(List.of(1L, 2L, 4L, 5L, 7L, 8L), official);
            assertEquals(official, ported);
        }
    }

    @Test
    void theReadmeQuotesBothExamplesAsTheyCompile() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        for (String file : List.of("OfficialExample.java", "PlainlanceExample.java")) {
            String source = Files.readString(SOURCES.resolve(file), StandardCharsets.UTF_8);
            String quoted = source.substring(
                            source.indexOf("// BEGIN README\n") + "// BEGIN README\n".length(),
                            source.indexOf("// END README"))
                    .strip();
            assertTrue(readme.contains(quoted), "README.md does not quote " + file + " as it is:\n" + quoted);
        }
    }
}
