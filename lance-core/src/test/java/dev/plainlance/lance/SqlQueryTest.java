package dev.plainlance.lance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.lance.error.UnsupportedFeatureException;
import java.nio.file.Path;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code Dataset.sql} without the sql module on the class path: the query is built, running it is refused by name. */
class SqlQueryTest {
    @Test
    void withoutAnEngineRunningIsRefusedNamingTheModule(@TempDir Path dir) {
        Schema schema = new Schema(List.of(new Field("id", FieldType.nullable(new ArrowType.Int(64, true)), null)));
        try (BufferAllocator allocator = new RootAllocator();
                Dataset ds = Dataset.create(
                        allocator, dir.resolve("ds").toString(), schema, new WriteParams.Builder().build())) {
            SqlQuery query = ds.sql("SELECT COUNT(*) FROM t").tableName("t").withRowId(true);
            assertEquals(
                    "SqlQuery{sql=SELECT COUNT(*) FROM t, table=t, withRowId=true, withRowAddr=false}",
                    query.toString());
            UnsupportedFeatureException refused =
                    assertThrows(UnsupportedFeatureException.class, query::intoBatchRecords);
            assertTrue(refused.getMessage().contains("dev.plainlance:sql"), refused.getMessage());
        }
    }
}
