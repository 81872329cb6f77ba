package dev.plainlance.lance.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.plainlance.lance.io.FileChannelSource;
import java.io.EOFException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileChannelSourceTest {

    @Test
    void readsFilesFromDisk(@TempDir Path dir) throws Exception {
        Path path = dir.resolve("rich.lance");
        Files.write(path, FixtureFiles.bytes("rich_2.2.lance"));
        try (FileChannelSource source = FileChannelSource.open(path);
                RootAllocator allocator = new RootAllocator()) {
            assertEquals(path.toString(), source.name());
            assertEquals(Files.size(path), source.size());
            assertThrows(EOFException.class, () -> source.read(source.size() - 2, 3));
            LanceFileReader reader = LanceFileReader.open(source);
            List<List<Object>> columns = FixtureFiles.readColumns(reader, allocator, 4);
            assertEquals(RichFixtureTest.expectedColumns(0, 10, false), columns);
        }
    }
}
