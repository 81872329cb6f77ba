package dev.plainlance.graph.query;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The canonical text form reads back to the same queries. */
class QueryRoundTripProperties {

    @Provide
    Arbitrary<List<Ast.Query>> queries() {
        return Arbitraries.randomValue(random -> new RandomQueries(random).queries());
    }

    /**
     * Printing, parsing and printing again gives the same text: the parser reads every printed form back to the
     * tree it came from (the printer writes every field of the tree), and the extensions it uses are the same.
     */
    @Property(tries = 1000)
    void parseOfToSourceIsTheSameQueries(@ForAll("queries") List<Ast.Query> queries) {
        String source = new QueryFile("generated.gq", "", queries).toSource();
        QueryFile parsed = QueryParser.parse(source, "generated.gq");
        assertEquals(source, parsed.toSource());
        assertEquals(
                queries.stream().map(Ast.Query::extensions).toList(),
                parsed.queries().stream().map(Ast.Query::extensions).toList(),
                source);
    }
}
