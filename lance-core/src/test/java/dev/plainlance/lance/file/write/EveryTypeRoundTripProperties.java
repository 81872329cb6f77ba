package dev.plainlance.lance.file.write;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.plainlance.lance.file.format.LanceFileVersion;
import dev.plainlance.testkit.arrow.ArrowBatchArbitraries;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.types.pojo.Schema;

/** Random rows of a schema with every writable type (nested too) read back exactly, in both versions. */
class EveryTypeRoundTripProperties {
    private static final Schema SCHEMA = RichSchema.allTypes();

    @Property(tries = 15)
    void version21(@ForAll("batches21") List<List<List<Object>>> batches) {
        check(batches, LanceFileVersion.V2_1);
    }

    @Property(tries = 15)
    void version20(@ForAll("batches20") List<List<List<Object>>> batches) {
        check(batches, LanceFileVersion.V2_0);
    }

    private static void check(List<List<List<Object>>> batches, LanceFileVersion version) {
        try (BufferAllocator allocator = new RootAllocator()) {
            RoundTrip.Written written = RoundTrip.write(SCHEMA, batches, version, WriterOptions.defaults(), allocator);
            assertEquals(
                    RoundTrip.expected(SCHEMA, batches, allocator), RoundTrip.readBack(written.bytes(), allocator, 64));
        }
    }

    @Provide
    Arbitrary<List<List<List<Object>>>> batches21() {
        return ArrowBatchArbitraries.rows(SCHEMA, 200, true).list().ofMinSize(1).ofMaxSize(3);
    }

    @Provide
    Arbitrary<List<List<List<Object>>>> batches20() {
        return ArrowBatchArbitraries.rows(SCHEMA, 200, false)
                .list()
                .ofMinSize(1)
                .ofMaxSize(3);
    }
}
