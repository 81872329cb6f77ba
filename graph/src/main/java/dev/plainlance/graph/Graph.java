package dev.plainlance.graph;

import dev.plainlance.catalog.CatalogCommit;
import dev.plainlance.catalog.CatalogSnapshot;
import dev.plainlance.catalog.CatalogView;
import dev.plainlance.catalog.Ulid;
import dev.plainlance.graph.schema.EdgeType;
import dev.plainlance.graph.schema.GraphSchema;
import dev.plainlance.graph.schema.NodeType;
import dev.plainlance.graph.schema.SchemaParser;
import dev.plainlance.graph.schema.TableMapping;
import dev.plainlance.lance.arrow.ArrowReaders;
import dev.plainlance.lance.env.Env;
import dev.plainlance.lance.error.CorruptFileException;
import dev.plainlance.lance.error.NotFoundException;
import dev.plainlance.lance.index.IndexType;
import dev.plainlance.lance.io.Storage;
import dev.plainlance.lance.ipc.LanceScanner;
import dev.plainlance.lance.ipc.ScanOptions;
import dev.plainlance.lance.operation.IndexChange;
import dev.plainlance.lance.scan.KeyLookup;
import dev.plainlance.lance.table.TableSnapshot;
import dev.plainlance.recovery.CatalogSession;
import dev.plainlance.recovery.MultiTableCommit;
import dev.plainlance.recovery.OpenMode;
import dev.plainlance.recovery.RecoveryOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A property graph stored as plain Lance tables in a plainlance catalog: one table per node type ({@code node:T}),
 * one per edge type ({@code edge:E}), and the schema itself ({@code graph:schema}, its canonical {@code .pg} text
 * and content hash), all published by the catalog's atomic pins, so the schema is versioned with the data.
 *
 * <p>The entry point: {@link #init} and {@link #open} a graph, {@link #load} data as one atomic commit,
 * {@link #begin} a transaction, read the newest commit ({@link #snapshot}) or any stored one ({@link #at}), list the
 * history ({@link #log}), compare commits ({@link #diff}) and {@link #export} a commit as NDJSON. Several
 * {@code Graph}s, in one process or several, may write one root at once (tested with one per writer thread).
 */
public final class Graph implements AutoCloseable {
    /** The catalog key of the table holding the schema. */
    public static final String SCHEMA_TABLE = "graph:schema";

    static final Schema SCHEMA_ROWS = new Schema(List.of(
            Field.notNullable("source", ArrowType.Utf8.INSTANCE), Field.notNullable("hash", ArrowType.Utf8.INSTANCE)));

    /** How many load problems are reported at once by default. */
    public static final int DEFAULT_MAX_PROBLEMS = 20;

    private final CatalogSession session;
    private final String branch;
    /** Whether closing this instance closes the session (false for instances made by {@link #checkout}). */
    private final boolean ownsSession;

    private final BufferAllocator allocator = new RootAllocator();
    private final Env env;
    /** The index of every table's {@code id} column, per data file, shared by all snapshots. */
    private final KeyLookup idLookup;
    /** Node ordinals and edge adjacency by table version, shared by all snapshots. */
    private final AdjacencyCache adjacency;
    /** Schemas read, by the schema table's pin (line and version), shared by all snapshots. */
    private final java.util.Map<dev.plainlance.catalog.Pin, GraphSchema> schemas;

    /** A graph over {@code session}; {@code schema} is the schema stored at the current state, checked. */
    private Graph(CatalogSession session, GraphSchema schema) {
        this.session = session;
        this.branch = CatalogSnapshot.MAIN;
        this.ownsSession = true;
        this.env = session.catalog().options().tableEnv(allocator);
        this.idLookup = new KeyLookup("id");
        this.adjacency = new AdjacencyCache();
        this.schemas = new java.util.concurrent.ConcurrentHashMap<>();
        schemas.put(session.snapshot().pin(CatalogSnapshot.MAIN, SCHEMA_TABLE).orElseThrow(), schema);
    }

    private Graph(Graph parent, String branch, boolean ownsSession) {
        this.session = parent.session;
        this.branch = branch;
        this.ownsSession = ownsSession;
        this.env = session.catalog().options().tableEnv(allocator);
        this.idLookup = parent.idLookup;
        this.adjacency = parent.adjacency;
        this.schemas = parent.schemas;
    }

    /**
     * Creates a graph in {@code root}: a new catalog whose first commit creates the schema table and an empty table
     * for every node and edge type, in one atomic step. The schema is parsed and checked first, so a bad schema
     * writes nothing.
     *
     * @throws dev.plainlance.graph.schema.SchemaException listing every problem with line, column and caret
     * @throws dev.plainlance.catalog.CatalogFormatException when a catalog already exists in {@code root}
     */
    public static Graph init(
            Storage root, String schemaSource, String fileName, RecoveryOptions options, String actor) {
        GraphSchema schema = SchemaParser.parse(schemaSource, fileName);
        CatalogSession session = CatalogSession.create(root, options, actor);
        try (BufferAllocator allocator = new RootAllocator()) {
            MultiTableCommit commit =
                    session.newCommit().actor(actor).message("graph init: schema " + schema.contentHash());
            commit.createTable(SCHEMA_TABLE, schemaRows(schema, allocator));
            for (NodeType node : schema.nodes()) {
                commit.createTable(node.tableKey(), empty(TableMapping.nodeTable(node), allocator));
            }
            for (EdgeType edge : schema.edges()) {
                commit.createTable(edge.tableKey(), empty(TableMapping.edgeTable(edge), allocator));
            }
            commit.commit();
            return new Graph(session, schema);
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
    }

    /**
     * Opens the graph in {@code root}; a read-write open first recovers pending operations, as every catalog does.
     *
     * @throws CorruptFileException when the stored schema is missing, damaged or does not match its hash
     */
    public static Graph open(Storage root, OpenMode mode, RecoveryOptions options) {
        CatalogSession session = CatalogSession.open(root, mode, options);
        try {
            return new Graph(session, readSchema(session.view()));
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
    }

    /**
     * Opens the graph in {@code root} on branch {@code branch}: as {@link #open(Storage, OpenMode, RecoveryOptions)},
     * then {@link #checkout}; closing the result closes the session.
     *
     * @throws NotFoundException if there is no such branch
     */
    public static Graph open(Storage root, OpenMode mode, RecoveryOptions options, String branch) {
        Graph main = open(root, mode, options);
        if (branch.equals(CatalogSnapshot.MAIN)) {
            return main;
        }
        try {
            main.requireBranch(branch);
            Graph onBranch = new Graph(main, branch, true);
            main.allocator.close();
            return onBranch;
        } catch (RuntimeException e) {
            main.close();
            throw e;
        }
    }

    /** The schema of the graph's current state. */
    public GraphSchema schema() {
        return snapshot().schema();
    }

    /** The graph as the newest commit of this instance's branch left it. */
    public GraphSnapshot snapshot() {
        CatalogSnapshot state = session.snapshot();
        if (!branch.equals(CatalogSnapshot.MAIN) && !state.branches().contains(branch)) {
            throw new NotFoundException("no branch " + branch + " in the graph at "
                    + session.catalog().root().describe(""));
        }
        return snapshotOf(session.catalog().view(state, branch));
    }

    /** The branch this instance reads and writes. */
    public String branch() {
        return branch;
    }

    /**
     * This graph on branch {@code name}: its snapshots, transactions, loads and log are that branch's. Shares this
     * instance's session and caches; closing it closes neither.
     *
     * @throws NotFoundException if there is no such branch
     */
    public Graph checkout(String name) {
        requireBranch(name);
        return new Graph(this, name, false);
    }

    /** @throws NotFoundException if the catalog has no branch {@code name} (main always exists) */
    private void requireBranch(String name) {
        dev.plainlance.catalog.TableKeys.checkBranch(name);
        if (!name.equals(CatalogSnapshot.MAIN) && !session.snapshot().branches().contains(name)) {
            throw new NotFoundException("no branch " + name + " in the graph at "
                    + session.catalog().root().describe(""));
        }
    }

    /**
     * Creates branch {@code name} from this instance's branch as it is now, or from commit {@code fromCommit} of any
     * branch. Nothing is copied: each table forks on its first write on the new branch.
     *
     * @throws dev.plainlance.catalog.InvalidNameException for a bad name, before anything is written
     * @throws IllegalArgumentException if the branch exists or no stored commit has that id
     */
    public GraphBranch createBranch(String name, Optional<String> fromCommit, String actor) {
        CatalogSnapshot state = session.createBranch(name, branch, fromCommit, actor);
        return GraphBranch.of(state, name);
    }

    /**
     * Deletes branch {@code name}: its head and pins go, main and other branches keep every file they read.
     *
     * @throws IllegalArgumentException for main or a branch that does not exist
     */
    public void deleteBranch(String name, String actor) {
        session.deleteBranch(name, actor);
    }

    /**
     * Merges branch {@code source} into this instance's branch: up to date when the source has nothing new, else the
     * source's changes since the newest common ancestor are replayed here as one atomic commit whose parents are both
     * heads (a fast-forward when this branch has not changed since that ancestor). The cost follows the changes of the
     * two branches since the ancestor, not the size of the graph.
     *
     * @throws MergeConflictException listing every conflict; nothing is written then
     * @throws GraphConflictException when a writer of this branch committed meanwhile (retryable)
     * @throws NotFoundException when {@code source} does not exist or the common ancestor was cleaned up
     */
    public MergeResult merge(String source, String actor) {
        dev.plainlance.catalog.TableKeys.checkBranch(source);
        return new GraphMerger(this, session, source, env).merge(actor);
    }

    /** Every branch, main first, then by name. */
    public List<GraphBranch> branches() {
        CatalogSnapshot state = session.snapshot();
        List<GraphBranch> out = new ArrayList<>();
        out.add(GraphBranch.of(state, CatalogSnapshot.MAIN));
        state.branches().stream()
                .filter(b -> !b.equals(CatalogSnapshot.MAIN))
                .forEach(b -> out.add(GraphBranch.of(state, b)));
        return out;
    }

    /**
     * The graph as commit {@code commitId} left it.
     *
     * @throws NotFoundException when no stored commit has that id (cleanup removes old ones)
     */
    public GraphSnapshot at(String commitId) {
        List<CatalogCommit> commits = session.catalog().log();
        if (creation(commits).map(commitId::equals).orElse(false)) {
            throw new NotFoundException("commit " + commitId + " made the empty catalog, before the graph existed");
        }
        for (CatalogCommit commit : commits) {
            if (commit.id().equals(commitId)) {
                return snapshotOf(session.catalog()
                        .view(session.catalog().snapshotAt(commit.manifestVersion()), commit.branch()));
            }
        }
        throw new NotFoundException("no commit " + commitId + " in the graph at "
                + session.catalog().root().describe(""));
    }

    GraphSnapshot snapshotOf(CatalogView view) {
        if (view.isStaged(SCHEMA_TABLE)) {
            return new GraphSnapshot(view, readSchema(view), env, idLookup, adjacency);
        }
        dev.plainlance.catalog.Pin schemaPin = view.state()
                .pin(view.branch(), SCHEMA_TABLE)
                .orElseThrow(() -> new NotFoundException("the graph's catalog pins no " + SCHEMA_TABLE));
        GraphSchema atView = schemas.computeIfAbsent(schemaPin, v -> readSchema(view));
        return new GraphSnapshot(view, atView, env, idLookup, adjacency);
    }

    /**
     * The commits of this instance's branch still stored, newest first: its head and every commit it follows, through
     * merges too (a commit whose parents are gone to cleanup ends its line).
     */
    public List<GraphCommit> log() {
        List<CatalogCommit> commits = session.catalog().log();
        Optional<String> creation = creation(commits);
        java.util.Map<String, CatalogCommit> byId = new java.util.HashMap<>();
        commits.forEach(c -> byId.put(c.id(), c));
        CatalogSnapshot state = session.snapshot();
        java.util.Set<String> reached = new java.util.HashSet<>();
        java.util.ArrayDeque<String> todo = new java.util.ArrayDeque<>();
        state.headOf(branch).ifPresent(todo::add);
        while (!todo.isEmpty()) {
            String id = todo.poll();
            CatalogCommit commit = byId.get(id);
            if (commit == null || !reached.add(id)) {
                continue;
            }
            todo.addAll(commit.parents());
        }
        return commits.stream()
                .filter(c -> reached.contains(c.id()))
                .filter(c -> creation.map(id -> !id.equals(c.id())).orElse(true))
                .map(c -> GraphCommitter.toGraphCommit(c, creation))
                .toList();
    }

    /** The catalog's own first commit, which made the empty catalog the graph was then created in. */
    private static Optional<String> creation(List<CatalogCommit> commits) {
        return commits.stream()
                .filter(c -> c.parentId().isEmpty())
                .map(CatalogCommit::id)
                .findFirst();
    }

    /** Begins a transaction on the newest commit; {@link GraphTransaction#commit()} publishes it as one commit. */
    public GraphTransaction begin(String actor) {
        return new GraphTransaction(this, actor);
    }

    /**
     * Loads NDJSON lines ({@code {"type":T,"data":{..}}} nodes, {@code {"edge":E,"from":ID,"to":ID,"data":{..}}}
     * edges) as one commit. Every line is checked before anything is written; a refused load changes nothing.
     *
     * @param onlyType load only lines of this type (and, with {@link LoadMode#OVERWRITE}, replace only its table)
     * @param progress hears the number of lines read now and then
     * @throws GraphLoadException listing up to {@code maxProblems} problems, each naming its line
     * @throws GraphConflictException when another writer changed what the load wrote or read meanwhile (retryable)
     */
    public LoadResult load(
            java.io.BufferedReader ndjson,
            String fileName,
            LoadMode mode,
            Optional<String> onlyType,
            String actor,
            String message,
            int maxProblems,
            java.util.function.LongConsumer progress) {
        GraphSnapshot base = snapshot();
        try (GraphLoader loader = new GraphLoader(base, mode, onlyType, maxProblems, ids())) {
            loader.readNdjson(ndjson, fileName, progress, env.workers());
            return commitLoad(loader, actor, message);
        }
    }

    /**
     * Loads a table of one type (from Parquet or Arrow IPC: columns named as the properties; edges add {@code from}
     * and {@code to}, and may give {@code id}) as one commit, checked like {@link #load}.
     */
    public LoadResult loadTable(
            String type,
            ArrowReader rows,
            String fileName,
            LoadMode mode,
            String actor,
            String message,
            int maxProblems) {
        GraphSnapshot base = snapshot();
        try (GraphLoader loader = new GraphLoader(base, mode, Optional.of(type), maxProblems, ids())) {
            loader.readTable(type, rows, fileName);
            return commitLoad(loader, actor, message);
        }
    }

    /**
     * Publishes a checked load; another writer changing a table the load wrote or read since it began is a
     * {@link GraphConflictException}: nothing of the load is visible, and running it again is safe.
     */
    private LoadResult commitLoad(GraphLoader loader, String actor, String message) {
        try {
            return loader.commit(session, actor, message);
        } catch (dev.plainlance.lance.commit.CommitConflictException
                | dev.plainlance.catalog.ExpectedVersionMismatchException e) {
            throw new GraphConflictException(
                    "load lost to another writer, nothing of it is visible: " + e.getMessage());
        }
    }

    /**
     * Builds a BTREE index on the {@code id} column of every non-empty node and edge table and on the {@code src}
     * and {@code dst} columns of every non-empty edge table, as Omnigraph keeps them, and on every property a
     * one-property {@code @index} names (strings, enums, booleans, integers, floats and dates; a tuple of several
     * properties has no single-column Lance index and is skipped), replacing older ones so that each covers every
     * fragment (rows written later are not covered until the next call; lookups scan those). One catalog commit per
     * column name, each changing no row. Filters on an indexed property ({@code list}, queries) use its index. Key lookups ({@link GraphSnapshot#nodeById}, existence checks,
     * the rows an upsert replaces) and the edges a node deletion cascades to are then found through the indices
     * instead of reading whole key columns. Returns how many indices were built.
     *
     * @throws GraphConflictException when another writer changed a table meanwhile (retryable)
     */
    public int createIndices(String actor) {
        GraphSnapshot base = snapshot();
        int built = 0;
        java.util.Map<String, List<String>> typesByColumn = new java.util.LinkedHashMap<>();
        for (NodeType node : base.schema().nodes()) {
            typesByColumn.computeIfAbsent("id", c -> new ArrayList<>()).add(node.name());
        }
        for (EdgeType edge : base.schema().edges()) {
            for (String column : List.of("id", "src", "dst")) {
                typesByColumn.computeIfAbsent(column, c -> new ArrayList<>()).add(edge.name());
            }
        }
        for (NodeType node : base.schema().nodes()) {
            indexedProperties(node.indexes(), node::property).forEach(p -> typesByColumn
                    .computeIfAbsent(p, c -> new ArrayList<>())
                    .add(node.name()));
        }
        for (EdgeType edge : base.schema().edges()) {
            indexedProperties(edge.indexes(), edge::property).forEach(p -> typesByColumn
                    .computeIfAbsent(p, c -> new ArrayList<>())
                    .add(edge.name()));
        }
        for (java.util.Map.Entry<String, List<String>> entry : typesByColumn.entrySet()) {
            String column = entry.getKey();
            MultiTableCommit commit = session.newCommit(branch).actor(actor).message("index " + column);
            int tables = 0;
            for (String type : entry.getValue()) {
                if (base.count(type) > 0) {
                    commit.apply(
                            base.rows(type).tableKey,
                            IndexChange.create(column, IndexType.BTREE, Optional.empty(), true));
                    tables++;
                }
            }
            if (tables > 0) {
                try {
                    commit.commit();
                } catch (dev.plainlance.lance.commit.CommitConflictException
                        | dev.plainlance.catalog.ExpectedVersionMismatchException e) {
                    throw new GraphConflictException("indexing lost to another writer: " + e.getMessage());
                }
                built += tables;
            }
        }
        return built;
    }

    /** The properties of one-property {@code @index} tuples whose type a BTREE index can hold. */
    private static List<String> indexedProperties(
            List<List<String>> indexes,
            java.util.function.Function<String, Optional<dev.plainlance.graph.schema.Property>> property) {
        List<String> out = new ArrayList<>();
        for (List<String> tuple : indexes) {
            if (tuple.size() == 1
                    && property.apply(tuple.get(0))
                            .map(p -> indexable(p.type()))
                            .orElse(false)
                    && !List.of("id", "src", "dst").contains(tuple.get(0))) {
                out.add(tuple.get(0));
            }
        }
        return out;
    }

    private static boolean indexable(dev.plainlance.graph.schema.PropertyType type) {
        if (type instanceof dev.plainlance.graph.schema.PropertyType.Enum) {
            return true;
        }
        if (!(type instanceof dev.plainlance.graph.schema.PropertyType.Scalar scalar)) {
            return false;
        }
        return switch (scalar.kind()) {
            case STRING, BOOL, I32, I64, U32, U64, F32, F64, DATE -> true;
            default -> false;
        };
    }

    /** The entities that differ between two commits (older first). */
    public GraphDiff diff(String fromCommit, String toCommit) {
        return GraphDiff.between(at(fromCommit), at(toCommit), env);
    }

    /** Writes {@code snapshot} as deterministic NDJSON in the loader's format; returns the number of lines. */
    public long export(GraphSnapshot snapshot, java.io.Writer out) {
        return GraphExport.write(snapshot, out);
    }

    AdjacencyCache adjacencyCache() {
        return adjacency;
    }

    Ulid ids() {
        return session.catalog().options().ids();
    }

    /** The catalog the graph lives in. */
    public CatalogSession catalog() {
        return session;
    }

    /** The schema stored in the state {@code view} reads, checked against its hash. */
    static GraphSchema readSchema(CatalogView view) {
        TableSnapshot table = view.table(SCHEMA_TABLE);
        List<String[]> rows = new ArrayList<>();
        try (BufferAllocator allocator = new RootAllocator();
                ArrowReader batches = new LanceScanner(
                                table, ScanOptions.defaults(), dev.plainlance.lance.env.Env.defaults(allocator))
                        .scanBatches()) {
            while (batches.loadNextBatch()) {
                VectorSchemaRoot root = batches.getVectorSchemaRoot();
                VarCharVector source = (VarCharVector) root.getVector("source");
                VarCharVector hash = (VarCharVector) root.getVector("hash");
                for (int i = 0; i < root.getRowCount(); i++) {
                    rows.add(new String[] {text(source, i), text(hash, i)});
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the graph schema at " + table.name(), e);
        } catch (ClassCastException | IllegalArgumentException e) {
            throw new CorruptFileException(
                    table.name(), "the graph schema table has the wrong columns: " + e.getMessage());
        }
        if (rows.size() != 1) {
            throw new CorruptFileException(
                    table.name(), "the graph schema table holds " + rows.size() + " rows instead of one");
        }
        GraphSchema schema = SchemaParser.parse(rows.get(0)[0], table.name());
        if (!schema.contentHash().equals(rows.get(0)[1])) {
            throw new CorruptFileException(table.name(), "the stored schema does not match its hash " + rows.get(0)[1]);
        }
        return schema;
    }

    private static String text(VarCharVector vector, int row) {
        return vector.isNull(row) ? "" : new String(vector.get(row), StandardCharsets.UTF_8);
    }

    static ArrowReader schemaRows(GraphSchema schema, BufferAllocator allocator) {
        VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA_ROWS, allocator);
        ((VarCharVector) root.getVector("source")).setSafe(0, schema.toSource().getBytes(StandardCharsets.UTF_8));
        ((VarCharVector) root.getVector("hash")).setSafe(0, schema.contentHash().getBytes(StandardCharsets.UTF_8));
        root.setRowCount(1);
        return ArrowReaders.owning(SCHEMA_ROWS, List.of(root), allocator);
    }

    private static ArrowReader empty(Schema schema, BufferAllocator allocator) {
        return ArrowReaders.empty(schema, allocator);
    }

    @Override
    public void close() {
        try {
            if (ownsSession) {
                session.close();
            }
        } finally {
            allocator.close();
        }
    }
}
