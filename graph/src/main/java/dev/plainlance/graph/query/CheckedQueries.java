package dev.plainlance.graph.query;

import java.util.List;
import java.util.Optional;

/** The checked queries of a {@code .gq} file, in source order; built by {@link QueryChecker#check}. */
public record CheckedQueries(List<Typed.Query> queries) {

    public CheckedQueries {
        queries = List.copyOf(queries);
    }

    public Optional<Typed.Query> query(String name) {
        return queries.stream().filter(q -> q.name().equals(name)).findFirst();
    }

    /** The read query {@code name}; empty when there is none or it is a mutation. */
    public Optional<Typed.Read> read(String name) {
        return query(name).filter(Typed.Read.class::isInstance).map(Typed.Read.class::cast);
    }

    /** The mutation query {@code name}; empty when there is none or it is a read. */
    public Optional<Typed.Mutation> mutation(String name) {
        return query(name).filter(Typed.Mutation.class::isInstance).map(Typed.Mutation.class::cast);
    }
}
