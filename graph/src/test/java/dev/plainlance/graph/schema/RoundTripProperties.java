package dev.plainlance.graph.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The canonical text form reads back to the same schema, and its hash is stable. */
class RoundTripProperties {

    @Provide
    Arbitrary<GraphSchema> schemas() {
        return Arbitraries.randomValue(random -> new RandomSchemas(random).schema());
    }

    @Property(tries = 500)
    void parseOfToSourceIsTheSameSchema(@ForAll("schemas") GraphSchema schema) {
        String source = schema.toSource();
        GraphSchema parsed = SchemaParser.parse(source, "generated.pg");
        assertEquals(schema, parsed, source);
        assertEquals(source, parsed.toSource());
        assertEquals(schema.contentHash(), parsed.contentHash());
    }

    @Property(tries = 200)
    void aSchemaPlansNoStepsAgainstItself(@ForAll("schemas") GraphSchema schema) {
        assertEquals(0, SchemaPlanner.plan(schema, schema).steps().size());
    }
}
