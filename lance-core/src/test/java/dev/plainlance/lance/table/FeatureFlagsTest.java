package dev.plainlance.lance.table;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.lance.error.UnsupportedFeatureException;
import dev.plainlance.lance.pb.table.Manifest;
import org.junit.jupiter.api.Test;

class FeatureFlagsTest {

    private static Manifest flags(long reader, long writer) {
        return Manifest.newBuilder()
                .setReaderFeatureFlags(reader)
                .setWriterFeatureFlags(writer)
                .build();
    }

    @Test
    void implementedReaderFlagsAreAccepted() {
        assertDoesNotThrow(() -> FeatureFlags.checkReadable(flags(1 | 2, 8), "m"));
    }

    @Test
    void basePathsAreReadAndWritten() {
        assertDoesNotThrow(() -> FeatureFlags.checkReadable(flags(16 | 1, 16 | 1), "m"));
        assertDoesNotThrow(() -> FeatureFlags.checkWritable(flags(16 | 1, 16 | 1), "m"));
    }

    @Test
    void unimplementedReaderFlagIsNamed() {
        UnsupportedFeatureException e = assertThrows(
                UnsupportedFeatureException.class,
                () -> FeatureFlags.checkReadable(flags(32 | 1, 0), "_versions/3.manifest"));
        assertTrue(
                e.getMessage().contains("DISABLE_TRANSACTION_FILE")
                        && e.getMessage().contains("3.manifest"),
                e.getMessage());
    }

    @Test
    void bitsAtOrAbove64AreRefusedAndNamed() {
        for (long bit : new long[] {64, 1L << 40, Long.MIN_VALUE}) {
            UnsupportedFeatureException e = assertThrows(
                    UnsupportedFeatureException.class, () -> FeatureFlags.checkReadable(flags(bit, 0), "m"));
            assertTrue(e.getMessage().contains("unknown bit " + Long.toUnsignedString(bit)), e.getMessage());
            assertThrows(UnsupportedFeatureException.class, () -> FeatureFlags.checkWritable(flags(0, bit), "m"));
        }
    }

    @Test
    void writerFlagsAreCheckedSeparately() {
        assertDoesNotThrow(() -> FeatureFlags.checkWritable(flags(0, 8 | 32), "m"));
        assertThrows(UnsupportedFeatureException.class, () -> FeatureFlags.checkReadable(flags(8, 0), "m"));
    }
}
