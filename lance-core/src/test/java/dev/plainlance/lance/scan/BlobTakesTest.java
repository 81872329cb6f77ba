package dev.plainlance.lance.scan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.lance.error.CorruptFileException;
import dev.plainlance.lance.error.LanceIOException;
import dev.plainlance.lance.io.LocalStorage;
import dev.plainlance.lance.io.Storage;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlobTakesTest {
    @TempDir
    Path dir;

    @Test
    void aBlobAtAnotherUriIsTheWholeObjectUnlessItsDescriptionGivesARange() throws Exception {
        Storage own = new LocalStorage(dir.resolve("ds"));
        Path external = dir.resolve("with space").resolve("blob.bin");
        Files.createDirectories(external.getParent());
        Files.write(external, new byte[] {1, 2, 3, 4, 5});
        for (String uri : new String[] {external.toUri().toString(), external.toString()}) {
            BlobTakes.Blob whole = BlobTakes.external(own, uri, 0, 0, "fragment 0");
            assertEquals(5, whole.size(), uri);
            assertEquals(0, whole.position(), uri);
            ByteBuffer bytes = whole.storage().readRange(whole.key(), 0, 5);
            assertArrayEquals(new byte[] {1, 2, 3, 4, 5}, bytes.array(), uri);
        }
        BlobTakes.Blob range = BlobTakes.external(own, external.toUri().toString(), 1, 3, "fragment 0");
        assertEquals(1, range.position());
        assertEquals(3, range.size());
    }

    @Test
    void aUriNamingNoObjectIsACorruptDescriptionAndAMissingObjectAnIoError() throws Exception {
        Storage own = new LocalStorage(dir.resolve("ds"));
        for (String uri :
                new String[] {"blob.bin", "dir/blob.bin", "file:///tmp/dir/", "/", "s3://bucket", "s3:/x/y"}) {
            CorruptFileException e = assertThrows(
                    CorruptFileException.class, () -> BlobTakes.external(own, uri, 0, 0, "fragment 3, column 'b'"));
            assertTrue(e.getMessage().contains("fragment 3, column 'b'"), e.getMessage());
        }
        String missing = dir.resolve("gone.bin").toUri().toString();
        LanceIOException e =
                assertThrows(LanceIOException.class, () -> BlobTakes.external(own, missing, 0, 0, "fragment 3"));
        assertTrue(e.getMessage().contains("gone.bin"), e.getMessage());
    }
}
