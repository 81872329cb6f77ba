package dev.plainlance.graph.query;

import dev.plainlance.graph.schema.EdgeType;
import dev.plainlance.graph.schema.GraphSchema;
import dev.plainlance.graph.schema.NodeType;
import dev.plainlance.graph.schema.Property;
import dev.plainlance.graph.schema.PropertyType;
import dev.plainlance.graph.schema.ScalarKind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks a {@code .gq} file query by query against a schema and describes each query that checks: the columns it
 * returns and the node and edge types it may read and write. Warnings: {@code L201} a nullable property of a type
 * the file updates that no update sets; {@code L202} a mutation without parameters.
 */
public final class QueryLint {
    private QueryLint() {}

    /** How bad a finding is. */
    public enum Severity {
        WARNING,
        ERROR
    }

    /** A problem that is not a type error; {@code type}, {@code property} and {@code query} may be null. */
    public record Finding(Severity severity, String code, String message, String type, String property, String query) {}

    /**
     * A result column: {@code kind} is one of {@code string bool int bigint float date datetime blob vector list
     * object}; {@code itemKind} is set for lists, {@code vectorDim} for vectors.
     */
    public record Field(String name, String kind, boolean nullable, String itemKind, Integer vectorDim) {}

    /** A graph type a query reads or writes: {@code kind} is {@code node} or {@code edge}. */
    public record TypeRef(String kind, String typeName) implements Comparable<TypeRef> {
        @Override
        public int compareTo(TypeRef o) {
            int c = kind.compareTo(o.kind);
            return c != 0 ? c : typeName.compareTo(o.typeName);
        }
    }

    /**
     * One query: {@code kind} is {@code read} or {@code mutation}; when it checks, its result (empty for a mutation)
     * and the sorted, distinct types it reads and writes.
     */
    public record LintedQuery(
            String name,
            String kind,
            List<QueryError> errors,
            List<Finding> warnings,
            List<Field> result,
            List<TypeRef> reads,
            List<TypeRef> writes) {
        public boolean ok() {
            return errors.isEmpty();
        }
    }

    /** The whole file: {@code errors} are those of no single query (syntax, duplicate names). */
    public record Report(List<LintedQuery> queries, List<QueryError> errors, List<Finding> findings) {
        /** {@code error} if anything failed to check, else {@code warning} if there are findings, else {@code ok}. */
        public String status() {
            if (!errors.isEmpty() || queries.stream().anyMatch(q -> !q.ok())) {
                return "error";
            }
            return findings.isEmpty() ? "ok" : "warning";
        }
    }

    public static Report lint(String source, String fileName, GraphSchema schema) {
        QueryFile file;
        try {
            file = QueryParser.parse(source, fileName);
        } catch (QueryException e) {
            return new Report(List.of(), e.errors(), List.of());
        }
        List<LintedQuery> queries = new ArrayList<>();
        List<Typed.Query> checked = new ArrayList<>();
        Set<QueryError> attributed = new HashSet<>();
        for (Ast.Query q : file.queries()) {
            String kind = q.body() instanceof Ast.Read ? "read" : "mutation";
            try {
                Typed.Query typed = QueryChecker.check(new QueryFile(fileName, source, List.of(q)), schema)
                        .queries()
                        .get(0);
                checked.add(typed);
                queries.add(describe(typed, kind, schema));
            } catch (QueryException e) {
                attributed.addAll(e.errors());
                queries.add(
                        new LintedQuery(q.name().text(), kind, e.errors(), List.of(), List.of(), List.of(), List.of()));
            }
        }
        List<QueryError> fileErrors = new ArrayList<>();
        try {
            QueryChecker.check(file, schema);
        } catch (QueryException e) {
            e.errors().stream().filter(x -> !attributed.contains(x)).forEach(fileErrors::add);
        }
        return new Report(queries, fileErrors, unsetNullables(checked, schema));
    }

    private static LintedQuery describe(Typed.Query query, String kind, GraphSchema schema) {
        Set<TypeRef> reads = new TreeSet<>();
        Set<TypeRef> writes = new TreeSet<>();
        List<Field> result = new ArrayList<>();
        List<Finding> warnings = new ArrayList<>();
        if (query instanceof Typed.Read read) {
            read.match().forEach(c -> reads(c, reads));
            for (Typed.Projection p : read.projections()) {
                result.add(field(p.name(), p.expr().type()));
            }
        } else {
            Typed.Mutation mutation = (Typed.Mutation) query;
            if (mutation.params().isEmpty()) {
                warnings.add(new Finding(
                        Severity.WARNING,
                        "L202",
                        "mutation " + query.name() + " declares no parameters; hardcoded mutations are easy to miss",
                        null,
                        null,
                        query.name()));
            }
            for (Typed.Statement s : mutation.statements()) {
                writes(s, schema, reads, writes);
            }
        }
        return new LintedQuery(
                query.name(), kind, List.of(), warnings, result, List.copyOf(reads), List.copyOf(writes));
    }

    private static void reads(Typed.Clause clause, Set<TypeRef> reads) {
        if (clause instanceof Typed.Binding b) {
            reads.add(node(b.type().name()));
        } else if (clause instanceof Typed.Traversal t) {
            addEdge(t.edge(), reads);
        } else if (clause instanceof Typed.ShortestPath p) {
            addEdge(p.edge(), reads);
        } else if (clause instanceof Typed.Not n) {
            n.clauses().forEach(c -> reads(c, reads));
        } else if (clause instanceof Typed.OptionalMatch o) {
            o.clauses().forEach(c -> reads(c, reads));
        }
    }

    private static void addEdge(EdgeType edge, Set<TypeRef> into) {
        into.add(new TypeRef("edge", edge.name()));
        into.add(node(edge.from()));
        into.add(node(edge.to()));
    }

    private static TypeRef node(String name) {
        return new TypeRef("node", name);
    }

    private static void writes(Typed.Statement s, GraphSchema schema, Set<TypeRef> reads, Set<TypeRef> writes) {
        if (s instanceof Typed.InsertNode i) {
            reads.add(node(i.type().name()));
            writes.add(node(i.type().name()));
        } else if (s instanceof Typed.InsertEdge e) {
            addEdge(e.type(), reads);
            writes.add(new TypeRef("edge", e.type().name()));
        } else if (s instanceof Typed.Update u) {
            reads.add(node(u.type().name()));
            writes.add(node(u.type().name()));
        } else if (s instanceof Typed.DeleteNodes d) {
            String name = d.type().name();
            reads.add(node(name));
            writes.add(node(name));
            for (EdgeType edge : schema.edges()) {
                if (edge.from().equals(name) || edge.to().equals(name)) {
                    reads.add(new TypeRef("edge", edge.name()));
                    writes.add(new TypeRef("edge", edge.name()));
                }
            }
        } else if (s instanceof Typed.DeleteEdges d) {
            reads.add(new TypeRef("edge", d.type().name()));
            writes.add(new TypeRef("edge", d.type().name()));
        }
    }

    private static Field field(String name, ValueType type) {
        if (type instanceof ValueType.Node) {
            return new Field(name, "object", type.nullable(), null, null);
        }
        PropertyType p = ((ValueType.Value) type).type();
        if (p instanceof PropertyType.ListOf l) {
            return new Field(name, "list", type.nullable(), kind(l.element()), null);
        }
        if (p instanceof PropertyType.Vector v) {
            return new Field(name, "vector", type.nullable(), null, v.dimension());
        }
        ScalarKind scalar = p instanceof PropertyType.Scalar s ? s.kind() : ScalarKind.STRING;
        return new Field(name, kind(scalar), type.nullable(), null, null);
    }

    private static String kind(ScalarKind kind) {
        return switch (kind) {
            case STRING -> "string";
            case BOOL -> "bool";
            case I32, U32 -> "int";
            case I64, U64 -> "bigint";
            case F32, F64 -> "float";
            case DATE -> "date";
            case DATETIME -> "datetime";
            case BLOB -> "blob";
        };
    }

    /** {@code L201}: nullable properties of updated node types that no update of the file sets. */
    private static List<Finding> unsetNullables(List<Typed.Query> queries, GraphSchema schema) {
        Set<String> updated = new TreeSet<>();
        Set<String> set = new HashSet<>();
        for (Typed.Query q : queries) {
            if (q instanceof Typed.Mutation m) {
                for (Typed.Statement s : m.statements()) {
                    if (s instanceof Typed.Update u) {
                        updated.add(u.type().name());
                        u.assignments()
                                .forEach(a -> set.add(
                                        u.type().name() + "." + a.property().name()));
                    }
                }
            }
        }
        List<Finding> out = new ArrayList<>();
        for (String typeName : updated) {
            NodeType type = schema.node(typeName).orElseThrow();
            for (Property p : type.properties()) {
                if (p.nullable() && !set.contains(typeName + "." + p.name())) {
                    out.add(new Finding(
                            Severity.WARNING,
                            "L201",
                            typeName + "." + p.name() + " exists in schema but no update query sets it",
                            typeName,
                            p.name(),
                            null));
                }
            }
        }
        return out;
    }
}
