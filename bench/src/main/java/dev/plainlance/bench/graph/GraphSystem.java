package dev.plainlance.bench.graph;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A graph store under test in {@link GraphBench}. One instance owns one fresh store directory; the bench calls
 * {@link #bulkLoad} once, then the single-row operations, then {@link #close}.
 *
 * <p>A system that is not built yet throws {@link UnsupportedOperationException} from {@link #bulkLoad}; the bench
 * then skips it with a line saying so. The query phase ({@link GraphQueryPhase}) runs on the stores of the last
 * iteration, after their upserts: {@link #prepareQueries} once, untimed, then {@link #query} many times.
 */
public interface GraphSystem extends AutoCloseable {
    /** The short name used in {@code --systems} and in the report. */
    String name();

    /** Loads the schema ({@code .pg}) and the data (NDJSON, nodes first) into the empty store, as one load. */
    void bulkLoad(Path pg, Path ndjson) throws Exception;

    /** Inserts the person {@code name} or sets the age of the existing one: one keyed upsert, one commit. */
    void upsertPerson(String name, int age) throws Exception;

    /** The properties of the person with key {@code name}, or {@code null} when there is none. */
    Map<String, Object> lookupPerson(String name) throws Exception;

    /** Whatever the system does once before its first query (plainlance: compiles the {@code .gq} file). */
    default void prepareQueries() throws Exception {}

    /**
     * Runs {@code query} with {@code params} in its own read transaction (or snapshot) and returns its rows, fully
     * materialised, each a list of the column values in order.
     */
    default List<List<Object>> query(BenchQuery query, Map<String, Object> params) throws Exception {
        throw new UnsupportedOperationException(name() + " runs no queries");
    }

    @Override
    void close() throws Exception;
}
