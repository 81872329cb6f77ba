package dev.plainlance.bench.graph;

import java.nio.file.Path;
import java.util.Map;

/**
 * plainlance's graph store ({@code dev.plainlance.graph}) in the graph bench.
 *
 * <p>Not built yet: the graph module has the schema and {@code Graph.init}/{@code Graph.open}, but no loader, keyed
 * upsert or lookup. Every operation throws {@link UnsupportedOperationException}, so {@link GraphBench} prints a skip
 * line for it. To fill in: {@link #bulkLoad} = {@code Graph.init} from the {@code .pg} text in {@link #dir} plus the
 * NDJSON load as one commit; {@link #upsertPerson} = one keyed upsert commit of {@code Person}; {@link #lookupPerson}
 * = the {@code Person} row with that key as a map of its properties.
 */
public final class PlainlanceSystem implements GraphSystem {
    static final String NOT_BUILT = "plainlance graph loader not built yet";

    private final Path dir;

    public PlainlanceSystem(Path dir) {
        this.dir = dir;
    }

    @Override
    public String name() {
        return "plainlance";
    }

    @Override
    public void bulkLoad(Path pg, Path ndjson) {
        throw new UnsupportedOperationException(NOT_BUILT);
    }

    @Override
    public void upsertPerson(String name, int age) {
        throw new UnsupportedOperationException(NOT_BUILT);
    }

    @Override
    public Map<String, Object> lookupPerson(String name) {
        throw new UnsupportedOperationException(NOT_BUILT);
    }

    @Override
    public void close() {}
}
