package dev.plainlance.lance.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.plainlance.testkit.arrow.ArrowSchemaArbitraries;
import org.junit.jupiter.api.Test;

/** testkit-arrow cannot depend on lance-core, so it spells Lance's metadata keys itself; they must not drift. */
class ArbitraryConstantsTest {
    @Test
    void theArbitrariesUseLancesMetadataKeys() {
        assertEquals(LogicalTypes.EXTENSION_NAME_KEY, ArrowSchemaArbitraries.EXTENSION_NAME_KEY);
        assertEquals(LogicalTypes.EXTENSION_METADATA_KEY, ArrowSchemaArbitraries.EXTENSION_METADATA_KEY);
        assertEquals(LogicalTypes.BFLOAT16_EXTENSION, ArrowSchemaArbitraries.BFLOAT16_EXTENSION);
        assertEquals(LogicalTypes.LANCE_JSON_EXTENSION, ArrowSchemaArbitraries.LANCE_JSON_EXTENSION);
        assertEquals(LanceSchema.UNENFORCED_PRIMARY_KEY_KEY, ArrowSchemaArbitraries.UNENFORCED_PRIMARY_KEY_KEY);
    }
}
