package dev.plainlance.graph.query;

import dev.plainlance.graph.schema.EdgeType;
import dev.plainlance.graph.schema.GraphSchema;
import dev.plainlance.graph.schema.NodeType;
import dev.plainlance.graph.schema.Property;
import dev.plainlance.graph.schema.PropertyType;
import dev.plainlance.graph.schema.ScalarKind;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks parsed queries against a {@link GraphSchema} and resolves them into {@link Typed} queries. Every problem
 * of every query is reported, each once: a name that does not resolve is reported where it is written and its
 * later uses are not.
 *
 * <p>Scoping follows Omnigraph: match clauses are checked in order, so a variable is bound by the first binding or
 * traversal that names it and must be bound before a filter uses it; a traversal's direction is taken from its
 * first operand already bound (else it runs From to To); variables bound inside {@code not} stay inside. Parameters
 * and match variables share the {@code $} namespace, so a match variable may not take a parameter's name.
 */
public final class QueryChecker {
    private final GraphSchema schema;
    private final Diagnostics diagnostics;

    private QueryChecker(GraphSchema schema, Diagnostics diagnostics) {
        this.schema = schema;
        this.diagnostics = diagnostics;
    }

    /**
     * Checks every query of a file.
     *
     * @throws QueryException listing every problem found, each with line, column and caret
     */
    public static CheckedQueries check(QueryFile file, GraphSchema schema) {
        Diagnostics diagnostics = new Diagnostics(file.text(), file.fileName());
        QueryChecker checker = new QueryChecker(schema, diagnostics);
        List<Typed.Query> out = new ArrayList<>();
        for (Ast.Query q : file.queries()) {
            int before = diagnostics.count();
            Typed.Query checked = checker.new Check(q).run();
            if (diagnostics.count() == before) {
                out.add(checked);
            }
        }
        diagnostics.throwIfAny();
        return new CheckedQueries(out);
    }

    /** Parses and checks {@code source}. */
    public static CheckedQueries check(String source, String fileName, GraphSchema schema) {
        return check(QueryParser.parse(source, fileName), schema);
    }

    private void error(SourcePos pos, QueryErrorCode code, String message) {
        diagnostics.error(pos, code, message);
    }

    /**
     * The edge a query word names: the edge type whose name is the word with its initial upper-cased
     * ({@code worksAt} is {@code WorksAt}), else the one edge type whose name equals the word ignoring case (as
     * Omnigraph, which matches edge names case-insensitively).
     */
    private Optional<EdgeType> edge(String word) {
        String capitalized = Character.toUpperCase(word.charAt(0)) + word.substring(1);
        Optional<EdgeType> exact = schema.edge(capitalized);
        if (exact.isPresent()) {
            return exact;
        }
        List<EdgeType> loose = schema.edges().stream()
                .filter(e -> e.name().equalsIgnoreCase(word))
                .toList();
        return loose.size() == 1 ? Optional.of(loose.get(0)) : Optional.empty();
    }

    // ---- symbols

    private enum Kind {
        NODE,
        EDGE,
        PATH
    }

    /** A bound variable; {@code broken} when its type did not resolve (uses are then not checked). */
    private record Sym(
            String name, Kind kind, NodeType node, EdgeType edge, Property weight, boolean optional, boolean broken) {
        static Sym broken(String name) {
            return new Sym(name, Kind.NODE, null, null, null, false, true);
        }

        String describe() {
            return switch (kind) {
                case NODE -> "a node " + node.name();
                case EDGE -> "an edge " + edge.name();
                case PATH -> "a path";
            };
        }

        Typed.Variable toTyped() {
            return switch (kind) {
                case NODE -> new Typed.NodeVariable(name, node, optional);
                case EDGE -> new Typed.EdgeVariable(name, edge, optional);
                case PATH -> new Typed.PathVariable(name, edge, weight, optional);
            };
        }
    }

    /** The variables visible at a point of a match. */
    private static final class Scope {
        final LinkedHashMap<String, Sym> syms;
        final boolean optional;

        Scope(LinkedHashMap<String, Sym> syms, boolean optional) {
            this.syms = syms;
            this.optional = optional;
        }

        Scope child(boolean optionalBlock) {
            return new Scope(new LinkedHashMap<>(syms), optional || optionalBlock);
        }
    }

    /** The check of one query. */
    private final class Check {
        private final Ast.Query query;
        private final Map<String, Typed.Param> params = new LinkedHashMap<>();

        Check(Ast.Query query) {
            this.query = query;
            for (Ast.Param p : query.params()) {
                params.putIfAbsent(
                        p.name().name(), new Typed.Param(p.name().name(), new ValueType.Value(p.type(), p.optional())));
            }
        }

        Typed.Query run() {
            List<Typed.Param> paramList = List.copyOf(params.values());
            if (query.body() instanceof Ast.Read read) {
                return read(read, paramList);
            }
            List<Typed.Statement> statements = new ArrayList<>();
            for (Ast.Statement s : ((Ast.Mutation) query.body()).statements()) {
                Typed.Statement checked = statement(s);
                if (checked != null) {
                    statements.add(checked);
                }
            }
            return new Typed.Mutation(query.name().text(), paramList, statements, query.extensions(), query);
        }

        // ---- reads

        private Typed.Read read(Ast.Read read, List<Typed.Param> paramList) {
            Scope scope = new Scope(new LinkedHashMap<>(), false);
            List<Typed.Clause> match = clauses(read.match(), scope);

            boolean aggregate = read.projections().stream().anyMatch(p -> p.expr() instanceof Ast.Aggregate);
            List<Typed.Projection> projections = new ArrayList<>();
            Map<String, Integer> aliases = new HashMap<>();
            Map<String, Ast.Name> aliasNames = new HashMap<>();
            for (Ast.Projection p : read.projections()) {
                Typed.Expr e;
                if (p.expr() instanceof Ast.Aggregate a) {
                    e = aggregate(a, scope);
                } else {
                    e = expr(p.expr(), scope, projections, aliases);
                    if (aggregate
                            && !(p.expr() instanceof Ast.PropertyAccess)
                            && !(p.expr() instanceof Ast.VariableRef v
                                    && scope.syms.containsKey(v.variable().name()))) {
                        error(
                                p.expr().pos(),
                                QueryErrorCode.AGGREGATE_GROUPING,
                                "in a query with aggregates, every other projection must be a group key: a variable"
                                        + " or a property ($v or $v.prop)");
                    }
                }
                if (p.alias() != null) {
                    Ast.Name earlier = aliasNames.putIfAbsent(p.alias().text(), p.alias());
                    if (earlier != null) {
                        error(
                                p.alias().pos(),
                                QueryErrorCode.DUPLICATE_ALIAS,
                                "alias '" + p.alias().text() + "' is already used at line "
                                        + earlier.pos().line());
                    } else {
                        aliases.put(p.alias().text(), projections.size());
                    }
                }
                projections.add(new Typed.Projection(projectionName(p), e));
            }

            List<Typed.Ordering> order = new ArrayList<>();
            Map<String, Integer> allAliases = new HashMap<>(aliases);
            for (Ast.Ordering o : read.order()) {
                Typed.Expr key = orderKey(o.expr(), scope, read.projections(), projections, allAliases, aggregate);
                order.add(new Typed.Ordering(key, o.descending()));
                if (o.expr() instanceof Ast.Nearest && read.limit().isEmpty()) {
                    error(o.expr().pos(), QueryErrorCode.ORDER_KEY, "an order by nearest() needs a limit");
                }
            }

            Map<String, Typed.Variable> variables = new LinkedHashMap<>();
            for (Sym s : scope.syms.values()) {
                if (!s.broken()) {
                    variables.put(s.name(), s.toTyped());
                }
            }
            return new Typed.Read(
                    query.name().text(),
                    paramList,
                    variables,
                    match,
                    projections,
                    aggregate,
                    order,
                    read.limit(),
                    query.extensions(),
                    query);
        }

        private String projectionName(Ast.Projection p) {
            if (p.alias() != null) {
                return p.alias().text();
            }
            Ast.Expr e = p.expr();
            if (e instanceof Ast.PropertyAccess a) {
                return a.property().text();
            }
            if (e instanceof Ast.VariableRef v) {
                return v.variable().name();
            }
            if (e instanceof Ast.Now) {
                return "now";
            }
            if (e instanceof Ast.Aggregate a) {
                return a.function().sourceName();
            }
            if (e instanceof Ast.AliasRef a) {
                return a.alias().text();
            }
            if (e instanceof Ast.PathCall c) {
                return c.function().sourceName();
            }
            if (e instanceof Ast.Nearest) {
                return "nearest";
            }
            return "literal";
        }

        private Typed.Expr aggregate(Ast.Aggregate a, Scope scope) {
            if (a.argument() instanceof Ast.Aggregate inner) {
                error(inner.pos(), QueryErrorCode.AGGREGATE_ARGUMENT, "aggregates cannot be nested");
                return null;
            }
            Typed.Expr arg = expr(a.argument(), scope, null, null);
            if (arg == null) {
                return null;
            }
            String fn = a.function().sourceName();
            ValueType t = arg.type();
            ScalarKind kind = t instanceof ValueType.Value v ? v.scalar() : null;
            switch (a.function()) {
                case COUNT -> {
                    return new Typed.Aggregate(a.function(), arg, ValueType.Value.of(ScalarKind.I64, false));
                }
                case SUM, AVG -> {
                    if (kind == null || !kind.isNumeric()) {
                        error(
                                a.argument().pos(),
                                QueryErrorCode.AGGREGATE_ARGUMENT,
                                fn + " needs a numeric value, got " + t.describe());
                        return null;
                    }
                    return new Typed.Aggregate(a.function(), arg, ValueType.Value.of(ScalarKind.F64, true));
                }
                default -> {
                    if (kind == null || (!kind.isNumeric() && kind != ScalarKind.STRING)) {
                        error(
                                a.argument().pos(),
                                QueryErrorCode.AGGREGATE_ARGUMENT,
                                fn + " needs a numeric or String value, got " + t.describe());
                        return null;
                    }
                    return new Typed.Aggregate(a.function(), arg, t.asNullable());
                }
            }
        }

        /** An order key: a property (in a query with aggregates, a projected one) or a projection alias. */
        private Typed.Expr orderKey(
                Ast.Expr e,
                Scope scope,
                List<Ast.Projection> astProjections,
                List<Typed.Projection> projections,
                Map<String, Integer> aliases,
                boolean aggregate) {
            if (e instanceof Ast.AliasRef a) {
                Integer index = aliases.get(a.alias().text());
                if (index == null) {
                    error(
                            a.pos(),
                            QueryErrorCode.UNKNOWN_ALIAS,
                            "'" + a.alias().text() + "' is not an alias of the return clause");
                    return null;
                }
                Typed.Projection p = projections.get(index);
                if (p.expr() == null) {
                    return null;
                }
                Typed.Expr key =
                        new Typed.AliasRef(a.alias().text(), index, p.expr().type());
                return orderable(key, e) ? key : null;
            }
            if (e instanceof Ast.Nearest) {
                if (aggregate) {
                    error(
                            e.pos(),
                            QueryErrorCode.ORDER_KEY,
                            "in a query with aggregates, nearest() cannot be an order key");
                    return null;
                }
                return expr(e, scope, null, null);
            }
            if (!(e instanceof Ast.PropertyAccess access)) {
                error(
                        e.pos(),
                        QueryErrorCode.ORDER_KEY,
                        "an order key is a property ($v.prop), nearest(..) or an alias of the return clause");
                return null;
            }
            Typed.Expr key = expr(e, scope, null, null);
            if (key == null || !orderable(key, e)) {
                return null;
            }
            if (!aggregate) {
                return key;
            }
            for (int i = 0; i < astProjections.size(); i++) {
                if (astProjections.get(i).expr() instanceof Ast.PropertyAccess p
                        && p.variable().name().equals(access.variable().name())
                        && p.property().text().equals(access.property().text())) {
                    return new Typed.AliasRef(projections.get(i).name(), i, key.type());
                }
            }
            error(
                    e.pos(),
                    QueryErrorCode.ORDER_KEY,
                    "in a query with aggregates, an order key must be projected: " + QueryPrinter.expr(e)
                            + " is not a group key of the return clause");
            return null;
        }

        private boolean orderable(Typed.Expr key, Ast.Expr at) {
            if (key.type() instanceof ValueType.Value v && v.scalar() != null) {
                return true;
            }
            error(
                    at.pos(),
                    QueryErrorCode.ORDER_KEY,
                    "cannot order by a " + key.type().describe() + " value");
            return false;
        }

        // ---- match clauses

        private List<Typed.Clause> clauses(List<Ast.Clause> clauses, Scope scope) {
            List<Typed.Clause> out = new ArrayList<>();
            for (Ast.Clause c : clauses) {
                Typed.Clause t = clause(c, scope);
                if (t != null) {
                    out.add(t);
                }
            }
            return out;
        }

        private Typed.Clause clause(Ast.Clause c, Scope scope) {
            if (c instanceof Ast.Binding b) {
                return binding(b, scope);
            }
            if (c instanceof Ast.Traversal t) {
                return traversal(t, scope);
            }
            if (c instanceof Ast.Filter f) {
                return filter(f, scope);
            }
            if (c instanceof Ast.Not n) {
                Scope inner = scope.child(false);
                List<Typed.Clause> clauses = clauses(n.clauses(), inner);
                anchored(n.clauses(), scope, n.pos(), "not");
                return new Typed.Not(clauses);
            }
            if (c instanceof Ast.OptionalMatch o) {
                Scope inner = scope.child(true);
                List<Typed.Clause> clauses = clauses(o.clauses(), inner);
                anchored(o.clauses(), scope, o.pos(), "optional");
                List<String> introduced = new ArrayList<>();
                for (Sym s : inner.syms.values()) {
                    if (!scope.syms.containsKey(s.name())) {
                        scope.syms.put(s.name(), s);
                        introduced.add(s.name());
                    }
                }
                return new Typed.OptionalMatch(clauses, introduced);
            }
            return shortestPath((Ast.ShortestPath) c, scope);
        }

        /** Reports a block that references no variable bound outside it. */
        private void anchored(List<Ast.Clause> clauses, Scope outer, SourcePos pos, String keyword) {
            Set<String> used = new HashSet<>();
            referenced(clauses, used);
            if (used.stream().noneMatch(outer.syms::containsKey)) {
                error(
                        pos,
                        QueryErrorCode.UNANCHORED_BLOCK,
                        "a " + keyword + " block must reference at least one variable bound before it");
            }
        }

        private void referenced(List<Ast.Clause> clauses, Set<String> out) {
            for (Ast.Clause c : clauses) {
                if (c instanceof Ast.Binding b) {
                    out.add(b.variable().name());
                } else if (c instanceof Ast.Traversal t) {
                    out.add(t.source().name());
                    out.add(t.target().name());
                } else if (c instanceof Ast.ShortestPath s) {
                    out.add(s.source().name());
                    out.add(s.target().name());
                } else if (c instanceof Ast.Filter f) {
                    referenced(f.left(), out);
                    referenced(f.right(), out);
                } else if (c instanceof Ast.Not n) {
                    referenced(n.clauses(), out);
                } else if (c instanceof Ast.OptionalMatch o) {
                    referenced(o.clauses(), out);
                }
            }
        }

        private void referenced(Ast.Expr e, Set<String> out) {
            if (e instanceof Ast.PropertyAccess p) {
                out.add(p.variable().name());
            } else if (e instanceof Ast.VariableRef v) {
                out.add(v.variable().name());
            } else if (e instanceof Ast.PathCall p) {
                out.add(p.path().name());
            } else if (e instanceof Ast.Nearest n) {
                referenced(n.vector(), out);
                referenced(n.query(), out);
            }
        }

        private Typed.Clause binding(Ast.Binding b, Scope scope) {
            String name = b.variable().name();
            NodeType type = schema.node(b.type().text()).orElse(null);
            if (type == null) {
                String hint = schema.edge(b.type().text()).isPresent()
                        ? " (it is an edge type; traverse it as '"
                                + Character.toLowerCase(b.type().text().charAt(0))
                                + b.type().text().substring(1) + "')"
                        : "";
                error(
                        b.type().pos(),
                        QueryErrorCode.UNKNOWN_NODE_TYPE,
                        "unknown node type '" + b.type().text() + "'" + hint);
            }
            boolean ok = type != null;
            if (b.variable().isAnonymous()) {
                error(b.variable().pos(), QueryErrorCode.VARIABLE_CONFLICT, "$_ is anonymous and cannot be bound");
                ok = false;
            } else if (params.containsKey(name)) {
                error(b.variable().pos(), QueryErrorCode.VARIABLE_CONFLICT, "'$" + name + "' is a parameter");
                ok = false;
            } else {
                Sym existing = scope.syms.get(name);
                if (existing != null
                        && !existing.broken()
                        && type != null
                        && (existing.kind() != Kind.NODE
                                || !existing.node().name().equals(type.name()))) {
                    error(
                            b.variable().pos(),
                            QueryErrorCode.VARIABLE_CONFLICT,
                            "'$" + name + "' is already bound to " + existing.describe() + " and cannot be bound to a"
                                    + " node " + type.name());
                    ok = false;
                }
                if (existing == null) {
                    scope.syms.put(
                            name,
                            type == null
                                    ? Sym.broken(name)
                                    : new Sym(name, Kind.NODE, type, null, null, scope.optional, false));
                }
            }
            List<Typed.PropertyMatch> matches = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (Ast.PropertyMatch m : b.matches()) {
                if (!seen.add(m.property().text())) {
                    error(
                            m.property().pos(),
                            QueryErrorCode.DUPLICATE_ASSIGNMENT,
                            "property '" + m.property().text() + "' is matched twice");
                    continue;
                }
                Typed.Expr value = value(m.value());
                if (type == null) {
                    continue;
                }
                Property p = type.property(m.property().text()).orElse(null);
                if (p == null) {
                    unknownProperty(m.property(), "node " + type.name());
                    continue;
                }
                if (value == null) {
                    continue;
                }
                if (isBlob(p.type())) {
                    error(
                            m.property().pos(),
                            QueryErrorCode.BLOB,
                            "Blob property " + type.name() + "." + p.name() + " cannot be matched");
                    continue;
                }
                ValueType.Value v = (ValueType.Value) value.type();
                if (p.type() instanceof PropertyType.ListOf list) {
                    if (!(v.type() instanceof PropertyType.Scalar)) {
                        error(
                                m.value().pos(),
                                QueryErrorCode.TYPE_MISMATCH,
                                "list property " + p.name() + " is matched by an element (list equality is not"
                                        + " supported), got " + v.describe());
                    } else if (!sameOrNumeric(list.element(), v.scalar())) {
                        mismatch(
                                m.value(),
                                "an element of " + p.name() + " is "
                                        + list.element().sourceName(),
                                v);
                    } else {
                        matches.add(new Typed.PropertyMatch(p, value, true));
                    }
                    continue;
                }
                if (fits(value, m.value(), p, false)) {
                    matches.add(new Typed.PropertyMatch(p, value, false));
                }
            }
            return ok ? new Typed.Binding(name, type, matches) : null;
        }

        private Typed.Clause traversal(Ast.Traversal t, Scope scope) {
            EdgeType edge = resolveEdge(t.edge());
            int min = t.bounds() == null ? 1 : t.bounds().min();
            Integer max = t.bounds() == null ? Integer.valueOf(1) : t.bounds().max();
            boolean ok = edge != null;
            if (t.bounds() != null) {
                ok &= bounds(t.bounds(), false);
            }
            if (edge != null && t.undirected() && !edge.from().equals(edge.to())) {
                undirectedAsymmetric(t.edge(), edge);
                ok = false;
            }
            Typed.Direction direction = endpoints(t.source(), t.target(), edge, t.undirected(), scope);
            ok &= direction != null;
            String edgeVariable = null;
            Ast.Var w = t.edgeVariable();
            if (w != null && !w.isAnonymous()) {
                if (min != 1 || max == null || max != 1) {
                    error(
                            w.pos(),
                            QueryErrorCode.EDGE_BINDING,
                            "edge binding '$" + w.name() + "' cannot have hop bounds: a multi-hop traversal matches"
                                    + " a path of edges, not one edge");
                    ok = false;
                }
                if (fresh(w, scope, t.source(), t.target())) {
                    scope.syms.put(
                            w.name(),
                            edge == null
                                    ? Sym.broken(w.name())
                                    : new Sym(w.name(), Kind.EDGE, null, edge, null, scope.optional, false));
                    edgeVariable = w.name();
                } else {
                    ok = false;
                }
            }
            if (!ok) {
                return null;
            }
            return new Typed.Traversal(named(t.source()), edge, direction, min, max, edgeVariable, named(t.target()));
        }

        private Typed.Clause shortestPath(Ast.ShortestPath s, Scope scope) {
            EdgeType edge = resolveEdge(s.edge());
            int min = s.bounds() == null ? 1 : s.bounds().min();
            Integer max = s.bounds() == null ? null : s.bounds().max();
            boolean ok = edge != null;
            if (s.bounds() != null) {
                ok &= bounds(s.bounds(), true);
            }
            if (edge != null && s.undirected() && !edge.from().equals(edge.to())) {
                undirectedAsymmetric(s.edge(), edge);
                ok = false;
            }
            Property weight = null;
            if (s.weight() != null && edge != null) {
                weight = edge.property(s.weight().text()).orElse(null);
                if (weight == null) {
                    unknownProperty(s.weight(), "edge " + edge.name());
                    ok = false;
                } else if (!(weight.type() instanceof PropertyType.Scalar sc
                        && sc.kind().isNumeric())) {
                    error(
                            s.weight().pos(),
                            QueryErrorCode.PATH_WEIGHT,
                            "a path weight must be a numeric property, but " + edge.name() + "." + weight.name()
                                    + " is " + weight.typeSource());
                    ok = false;
                }
            }
            Typed.Direction direction = endpoints(s.source(), s.target(), edge, s.undirected(), scope);
            ok &= direction != null;
            Ast.Var p = s.path();
            if (p.isAnonymous()) {
                error(p.pos(), QueryErrorCode.VARIABLE_CONFLICT, "$_ is anonymous and cannot be bound");
                ok = false;
            } else if (fresh(p, scope, s.source(), s.target())) {
                scope.syms.put(
                        p.name(),
                        ok
                                ? new Sym(p.name(), Kind.PATH, null, edge, weight, scope.optional, false)
                                : Sym.broken(p.name()));
            } else {
                ok = false;
            }
            if (!ok) {
                return null;
            }
            return new Typed.ShortestPath(
                    p.name(), named(s.source()), edge, direction, min, max, weight, named(s.target()));
        }

        private String named(Ast.Var v) {
            return v.isAnonymous() ? null : v.name();
        }

        private EdgeType resolveEdge(Ast.Name name) {
            EdgeType edge = edge(name.text()).orElse(null);
            if (edge == null) {
                error(name.pos(), QueryErrorCode.UNKNOWN_EDGE_TYPE, "unknown edge '" + name.text() + "'");
            }
            return edge;
        }

        private void undirectedAsymmetric(Ast.Name at, EdgeType edge) {
            error(
                    at.pos(),
                    QueryErrorCode.UNDIRECTED_ASYMMETRIC,
                    "an undirected traversal needs an edge between one node type, but " + edge.name() + ": "
                            + edge.from() + " -> " + edge.to() + " is not; use the directed form");
        }

        /** Checks hop bounds; an open maximum is allowed only for shortest paths. */
        private boolean bounds(Ast.Bounds b, boolean openAllowed) {
            if (b.min() < 1) {
                error(b.pos(), QueryErrorCode.TRAVERSAL_BOUNDS, "the minimum number of hops must be at least 1");
                return false;
            }
            if (b.max() == null) {
                if (openAllowed) {
                    return true;
                }
                error(
                        b.pos(),
                        QueryErrorCode.TRAVERSAL_BOUNDS,
                        "a traversal needs a maximum number of hops: {" + b.min() + ",max}");
                return false;
            }
            if (b.max() < b.min()) {
                error(
                        b.pos(),
                        QueryErrorCode.TRAVERSAL_BOUNDS,
                        "hop bounds {" + b.min() + "," + b.max() + "}: the maximum is below the minimum");
                return false;
            }
            return true;
        }

        /** Whether {@code v} may be bound as a new edge or path variable; reports why not. */
        private boolean fresh(Ast.Var v, Scope scope, Ast.Var source, Ast.Var target) {
            String name = v.name();
            String problem = null;
            if (name.equals(source.name()) || name.equals(target.name())) {
                problem = "'$" + name + "' cannot name both a traversal endpoint and its edge or path";
            } else if (params.containsKey(name)) {
                problem = "'$" + name + "' is a parameter";
            } else if (scope.syms.containsKey(name)) {
                problem = "'$" + name + "' is already bound; an edge or path binding needs a fresh name";
            }
            if (problem != null) {
                error(v.pos(), QueryErrorCode.VARIABLE_CONFLICT, problem);
                return false;
            }
            return true;
        }

        /**
         * Binds and checks a traversal's operands and returns its direction (null when it does not check). As
         * Omnigraph: a bound source decides the direction, else a bound target, else From to To.
         */
        private Typed.Direction endpoints(
                Ast.Var source, Ast.Var target, EdgeType edge, boolean undirected, Scope scope) {
            Sym s = endpoint(source, scope);
            Sym d = endpoint(target, scope);
            if (edge == null || (s != null && s.broken()) || (d != null && d.broken())) {
                bindBroken(source, scope);
                bindBroken(target, scope);
                return null;
            }
            String shape = edge.name() + ": " + edge.from() + " -> " + edge.to();
            Typed.Direction direction;
            if (s != null) {
                if (s.node().name().equals(edge.from())) {
                    direction = Typed.Direction.OUT;
                } else if (s.node().name().equals(edge.to())) {
                    direction = Typed.Direction.IN;
                } else {
                    error(
                            source.pos(),
                            QueryErrorCode.ENDPOINT_MISMATCH,
                            "'$" + source.name() + "' is a " + s.node().name() + ", which is not an endpoint of edge "
                                    + shape);
                    bindBroken(target, scope);
                    return null;
                }
                String expected = direction == Typed.Direction.OUT ? edge.to() : edge.from();
                if (!bindEndpoint(target, expected, shape, scope)) {
                    return null;
                }
            } else if (d != null) {
                if (d.node().name().equals(edge.to())) {
                    direction = Typed.Direction.OUT;
                } else if (d.node().name().equals(edge.from())) {
                    direction = Typed.Direction.IN;
                } else {
                    error(
                            target.pos(),
                            QueryErrorCode.ENDPOINT_MISMATCH,
                            "'$" + target.name() + "' is a " + d.node().name() + ", which is not an endpoint of edge "
                                    + shape);
                    bindBroken(source, scope);
                    return null;
                }
                bindEndpoint(source, direction == Typed.Direction.OUT ? edge.from() : edge.to(), shape, scope);
            } else {
                direction = Typed.Direction.OUT;
                bindEndpoint(source, edge.from(), shape, scope);
                if (!bindEndpoint(target, edge.to(), shape, scope)) {
                    return null;
                }
            }
            return undirected ? Typed.Direction.BOTH : direction;
        }

        /**
         * The bound node variable an operand names; null when it is unbound or {@code $_}; a broken symbol
         * (reported) when it names a parameter, an edge or a path.
         */
        private Sym endpoint(Ast.Var v, Scope scope) {
            if (v.isAnonymous()) {
                return null;
            }
            if (params.containsKey(v.name())) {
                error(
                        v.pos(),
                        QueryErrorCode.VARIABLE_CONFLICT,
                        "'$" + v.name() + "' is a parameter, not a node variable");
                return Sym.broken(v.name());
            }
            Sym s = scope.syms.get(v.name());
            if (s != null && !s.broken() && s.kind() != Kind.NODE) {
                error(
                        v.pos(),
                        QueryErrorCode.ENDPOINT_MISMATCH,
                        "'$" + v.name() + "' is " + s.describe() + "; traversal operands must be node variables");
                return Sym.broken(v.name());
            }
            return s;
        }

        private void bindBroken(Ast.Var v, Scope scope) {
            if (!v.isAnonymous() && !params.containsKey(v.name())) {
                scope.syms.putIfAbsent(v.name(), Sym.broken(v.name()));
            }
        }

        /** Binds an unbound operand to {@code type}, or checks a bound one has it. */
        private boolean bindEndpoint(Ast.Var v, String type, String shape, Scope scope) {
            if (v.isAnonymous()) {
                return true;
            }
            Sym s = scope.syms.get(v.name());
            if (s == null) {
                NodeType node = schema.node(type).orElseThrow();
                scope.syms.put(v.name(), new Sym(v.name(), Kind.NODE, node, null, null, scope.optional, false));
                return true;
            }
            if (s.broken() || s.node().name().equals(type)) {
                return !s.broken();
            }
            error(
                    v.pos(),
                    QueryErrorCode.ENDPOINT_MISMATCH,
                    "'$" + v.name() + "' is a " + s.node().name() + " but edge " + shape + " has a " + type + " here");
            return false;
        }

        private Typed.Clause filter(Ast.Filter f, Scope scope) {
            Typed.Expr left = expr(f.left(), scope, null, null);
            Typed.Expr right = expr(f.right(), scope, null, null);
            if (left == null || right == null) {
                return null;
            }
            if (!(left.type() instanceof ValueType.Value l) || !(right.type() instanceof ValueType.Value r)) {
                Ast.Expr at = left.type() instanceof ValueType.Value ? f.right() : f.left();
                error(
                        at.pos(),
                        QueryErrorCode.OPERATOR,
                        "a filter compares values, not whole nodes (compare a property, e.g. " + QueryPrinter.expr(at)
                                + ".name)");
                return null;
            }
            if (isBlob(l.type()) || isBlob(r.type())) {
                error(
                        (isBlob(l.type()) ? f.left() : f.right()).pos(),
                        QueryErrorCode.BLOB,
                        "Blob values cannot be compared");
                return null;
            }
            Typed.Op op;
            switch (f.op()) {
                case CONTAINS -> {
                    if (l.type() instanceof PropertyType.ListOf list) {
                        if (!(r.type() instanceof PropertyType.Scalar) && !(r.type() instanceof PropertyType.Enum)) {
                            mismatch(f.right(), "contains on a list takes an element", r);
                            return null;
                        }
                        if (!sameOrNumeric(list.element(), r.scalar())) {
                            mismatch(
                                    f.right(),
                                    "the list's elements are " + list.element().sourceName(),
                                    r);
                            return null;
                        }
                        op = Typed.Op.LIST_CONTAINS;
                    } else if (l.scalar() == ScalarKind.STRING) {
                        if (r.scalar() != ScalarKind.STRING) {
                            mismatch(f.right(), "String contains takes a String", r);
                            return null;
                        }
                        op = Typed.Op.STRING_CONTAINS;
                    } else {
                        error(
                                f.left().pos(),
                                QueryErrorCode.OPERATOR,
                                "contains needs a list (membership) or a String (substring) on the left, got "
                                        + l.describe());
                        return null;
                    }
                }
                case STARTS_WITH -> {
                    if (l.scalar() != ScalarKind.STRING) {
                        error(
                                f.left().pos(),
                                QueryErrorCode.OPERATOR,
                                "starts_with needs a String on the left, got " + l.describe());
                        return null;
                    }
                    if (r.scalar() != ScalarKind.STRING) {
                        mismatch(f.right(), "starts_with takes a String", r);
                        return null;
                    }
                    op = Typed.Op.STARTS_WITH;
                }
                default -> {
                    Ast.Expr listSide = l.scalar() == null ? f.left() : r.scalar() == null ? f.right() : null;
                    if (listSide != null) {
                        error(
                                listSide.pos(),
                                QueryErrorCode.OPERATOR,
                                "lists and vectors cannot be compared (use contains for list membership)");
                        return null;
                    }
                    if (!sameOrNumeric(l.scalar(), r.scalar())) {
                        mismatch(f.right(), "cannot compare " + l.describe() + " with", r);
                        return null;
                    }
                    if (!enumMember(l, right, f.right()) || !enumMember(r, left, f.left())) {
                        return null;
                    }
                    op = Typed.Op.valueOf(f.op().name());
                }
            }
            return new Typed.Filter(left, op, right);
        }

        /** Whether a String literal compared with an enum is one of its values; reports it when not. */
        private boolean enumMember(ValueType.Value enumSide, Typed.Expr other, Ast.Expr otherAst) {
            if (enumSide.type() instanceof PropertyType.Enum e
                    && other instanceof Typed.Literal lit
                    && lit.value() instanceof String s
                    && !e.values().contains(s)) {
                error(otherAst.pos(), QueryErrorCode.TYPE_MISMATCH, "\"" + s + "\" is not a value of " + e.toSource());
                return false;
            }
            return true;
        }

        // ---- expressions

        /**
         * A read expression. Aliases resolve against {@code aliases} (null where there are none); aggregates are
         * checked by the projection code and are an error here.
         */
        private Typed.Expr expr(
                Ast.Expr e, Scope scope, List<Typed.Projection> projections, Map<String, Integer> aliases) {
            if (e instanceof Ast.PropertyAccess p) {
                return propertyAccess(p, scope);
            }
            if (e instanceof Ast.VariableRef v) {
                String name = v.variable().name();
                Typed.Param param = params.get(name);
                if (param != null) {
                    if (isBlob(((ValueType.Value) param.type()).type())) {
                        error(e.pos(), QueryErrorCode.BLOB, "Blob parameter '$" + name + "' is not a .gq read value");
                        return null;
                    }
                    return new Typed.ParamRef(name, param.type());
                }
                Sym s = symbol(v.variable(), scope);
                if (s == null) {
                    return null;
                }
                switch (s.kind()) {
                    case NODE -> {
                        return new Typed.NodeRef(
                                name, s.node(), new ValueType.Node(s.node().name(), s.optional()));
                    }
                    case EDGE -> {
                        error(
                                e.pos(),
                                QueryErrorCode.EDGE_BINDING,
                                "edge variable '$" + name + "' cannot be used bare; use one of its properties ($" + name
                                        + ".prop)");
                        return null;
                    }
                    default -> {
                        pathUse(v.variable());
                        return null;
                    }
                }
            }
            if (e instanceof Ast.Now) {
                return new Typed.Now(ValueType.Value.of(ScalarKind.DATETIME, false));
            }
            if (e instanceof Ast.Literal l) {
                return literal(l);
            }
            if (e instanceof Ast.Aggregate a) {
                error(
                        a.pos(),
                        QueryErrorCode.AGGREGATE_ARGUMENT,
                        "an aggregate may only be a whole projection of return (not nested, in a filter or an"
                                + " order key; order by its alias)");
                return null;
            }
            if (e instanceof Ast.AliasRef a) {
                Integer index = aliases == null ? null : aliases.get(a.alias().text());
                if (index == null) {
                    error(
                            a.pos(),
                            QueryErrorCode.UNKNOWN_ALIAS,
                            "'" + a.alias().text() + "' is not "
                                    + (aliases == null
                                            ? "allowed here (aliases are visible in return and order only)"
                                            : "an alias of an earlier projection"));
                    return null;
                }
                Typed.Expr target = projections.get(index).expr();
                return target == null ? null : new Typed.AliasRef(a.alias().text(), index, target.type());
            }
            if (e instanceof Ast.Nearest n) {
                return nearest(n, scope);
            }
            Ast.PathCall c = (Ast.PathCall) e;
            Sym s = symbol(c.path(), scope);
            if (s == null) {
                return null;
            }
            if (s.kind() != Kind.PATH) {
                error(
                        c.path().pos(),
                        QueryErrorCode.PATH_USE,
                        c.function().sourceName() + "() takes a path variable, but '$" + s.name() + "' is "
                                + s.describe());
                return null;
            }
            ValueType type =
                    switch (c.function()) {
                        case LENGTH -> ValueType.Value.of(ScalarKind.I64, s.optional());
                        case COST -> ValueType.Value.of(ScalarKind.F64, s.optional());
                        case NODES -> new ValueType.Value(new PropertyType.ListOf(ScalarKind.STRING), s.optional());
                    };
            return new Typed.PathCall(c.function(), s.name(), type);
        }

        /**
         * {@code nearest($v.prop, q)}: a {@code Vector(n)} property, then a parameter of the same type or a literal of
         * {@code n} numbers; a nullable {@code F64}.
         */
        private Typed.Expr nearest(Ast.Nearest n, Scope scope) {
            if (!(n.vector() instanceof Ast.PropertyAccess access)) {
                error(
                        n.vector().pos(),
                        QueryErrorCode.TYPE_MISMATCH,
                        "nearest() takes a Vector(n) property ($v.prop) first, not " + QueryPrinter.expr(n.vector()));
                return null;
            }
            Typed.Expr vector = propertyAccess(access, scope);
            Typed.Expr query = expr(n.query(), scope, null, null);
            if (vector == null || query == null) {
                return null;
            }
            if (!(vector instanceof Typed.PropertyRef ref
                    && ((ValueType.Value) ref.type()).type() instanceof PropertyType.Vector dimension)) {
                error(
                        n.vector().pos(),
                        QueryErrorCode.TYPE_MISMATCH,
                        "nearest() takes a Vector(n) property first; " + QueryPrinter.expr(n.vector()) + " is "
                                + vector.type().describe());
                return null;
            }
            ValueType.Value given = (ValueType.Value) query.type();
            boolean fits = query instanceof Typed.Literal literal
                    ? given.type() instanceof PropertyType.ListOf list
                            && list.element().isNumeric()
                            && ((List<?>) literal.value()).size() == dimension.dimension()
                    : given.type().equals(dimension);
            if (!fits) {
                error(
                        n.query().pos(),
                        QueryErrorCode.TYPE_MISMATCH,
                        "nearest() compares " + QueryPrinter.expr(n.vector()) + " (" + dimension.toSource()
                                + ") with a " + dimension.toSource() + " parameter or a list of "
                                + dimension.dimension() + " numbers, not "
                                + query.type().describe());
                return null;
            }
            return new Typed.Nearest(ref, query, ValueType.Value.of(ScalarKind.F64, true));
        }

        private Typed.Expr propertyAccess(Ast.PropertyAccess p, Scope scope) {
            String name = p.variable().name();
            if (params.containsKey(name)) {
                error(
                        p.pos(),
                        QueryErrorCode.UNBOUND_VARIABLE,
                        "'$" + name + "' is a parameter, not a bound variable; it has no properties");
                return null;
            }
            Sym s = symbol(p.variable(), scope);
            if (s == null) {
                return null;
            }
            Property prop;
            if (s.kind() == Kind.NODE) {
                prop = s.node().property(p.property().text()).orElse(null);
                if (prop == null) {
                    unknownProperty(p.property(), "node " + s.node().name());
                    return null;
                }
            } else if (s.kind() == Kind.EDGE) {
                prop = s.edge().property(p.property().text()).orElse(null);
                if (prop == null) {
                    unknownProperty(p.property(), "edge " + s.edge().name());
                    return null;
                }
            } else {
                pathUse(p.variable());
                return null;
            }
            if (isBlob(prop.type())) {
                error(
                        p.property().pos(),
                        QueryErrorCode.BLOB,
                        "Blob property $" + name + "." + prop.name() + " is not a .gq read value");
                return null;
            }
            return new Typed.PropertyRef(name, prop, new ValueType.Value(prop.type(), prop.nullable() || s.optional()));
        }

        /** The symbol a variable use names; null (reported unless broken) when there is none. */
        private Sym symbol(Ast.Var v, Scope scope) {
            Sym s = scope.syms.get(v.name());
            if (s == null) {
                error(
                        v.pos(),
                        QueryErrorCode.UNBOUND_VARIABLE,
                        v.isAnonymous()
                                ? "$_ is anonymous and cannot be used"
                                : "'$" + v.name() + "' is not a parameter or a variable bound before this point");
                return null;
            }
            return s.broken() ? null : s;
        }

        private void pathUse(Ast.Var v) {
            error(
                    v.pos(),
                    QueryErrorCode.PATH_USE,
                    "path variable '$" + v.name() + "' is used through length($" + v.name() + "), cost($" + v.name()
                            + ") or nodes($" + v.name() + ")");
        }

        private Typed.Literal literal(Ast.Literal l) {
            if (l instanceof Ast.StringLit s) {
                return new Typed.Literal(s.value(), ValueType.Value.of(ScalarKind.STRING, false));
            }
            if (l instanceof Ast.IntLit i) {
                return new Typed.Literal(i.value(), ValueType.Value.of(ScalarKind.I64, false));
            }
            if (l instanceof Ast.FloatLit f) {
                return new Typed.Literal(f.value().doubleValue(), ValueType.Value.of(ScalarKind.F64, false));
            }
            if (l instanceof Ast.BoolLit b) {
                return new Typed.Literal(b.value(), ValueType.Value.of(ScalarKind.BOOL, false));
            }
            if (l instanceof Ast.DateLit d) {
                return new Typed.Literal(LocalDate.parse(d.text()), ValueType.Value.of(ScalarKind.DATE, false));
            }
            if (l instanceof Ast.DateTimeLit d) {
                return new Typed.Literal(
                        QueryParser.parseDateTime(d.text()).truncatedTo(ChronoUnit.MICROS),
                        ValueType.Value.of(ScalarKind.DATETIME, false));
            }
            List<Ast.Literal> items = ((Ast.ListLit) l).items();
            boolean anyFloat = items.stream().anyMatch(i -> i instanceof Ast.FloatLit);
            List<Object> values = new ArrayList<>();
            ScalarKind element = ScalarKind.STRING;
            for (Ast.Literal item : items) {
                Typed.Literal t = literal(item);
                element = ((ValueType.Value) t.type()).scalar();
                values.add(anyFloat && t.value() instanceof Long n ? (Object) n.doubleValue() : t.value());
            }
            if (anyFloat) {
                element = ScalarKind.F64;
            }
            return new Typed.Literal(
                    java.util.Collections.unmodifiableList(values),
                    new ValueType.Value(new PropertyType.ListOf(element), false));
        }

        // ---- values of bindings and mutations

        /** A literal, a parameter or {@code now()}; null (reported) for anything else. */
        private Typed.Expr value(Ast.Expr e) {
            if (e instanceof Ast.VariableRef v) {
                Typed.Param p = params.get(v.variable().name());
                if (p == null) {
                    error(
                            e.pos(),
                            QueryErrorCode.UNBOUND_VARIABLE,
                            "'$" + v.variable().name() + "' is not a parameter of query "
                                    + query.name().text());
                    return null;
                }
                return new Typed.ParamRef(p.name(), p.type());
            }
            if (e instanceof Ast.Now) {
                return new Typed.Now(ValueType.Value.of(ScalarKind.DATETIME, false));
            }
            return literal((Ast.Literal) e);
        }

        /**
         * Whether {@code value} may be stored in (or compared with) property {@code p}; reports why not. For
         * {@code store}, a possibly-null value does not fit a required property.
         */
        private boolean fits(Typed.Expr value, Ast.Expr at, Property p, boolean store) {
            ValueType.Value v = (ValueType.Value) value.type();
            PropertyType target = p.type();
            boolean literal = value instanceof Typed.Literal;
            String problem = null;
            if (target instanceof PropertyType.Scalar s && s.kind() == ScalarKind.BLOB) {
                if (literal || (v.scalar() != ScalarKind.STRING && v.scalar() != ScalarKind.BLOB)) {
                    problem = "a Blob property takes a Blob or String (URI) parameter";
                }
            } else if (target instanceof PropertyType.Vector vec) {
                if (literal && v.type() instanceof PropertyType.ListOf list) {
                    int n = ((List<?>) ((Typed.Literal) value).value()).size();
                    if (!list.element().isNumeric() || n != vec.dimension()) {
                        problem = p.name() + " is " + vec.toSource() + " and takes " + vec.dimension() + " numbers";
                    }
                } else if (!v.type().equals(vec)) {
                    problem = p.name() + " is " + vec.toSource();
                }
            } else if (target instanceof PropertyType.ListOf list) {
                if (!(v.type() instanceof PropertyType.ListOf given)
                        || !(sameOrNumeric(list.element(), given.element())
                                || (literal && ((List<?>) ((Typed.Literal) value).value()).isEmpty()))) {
                    problem = p.name() + " is " + list.toSource();
                }
            } else if (target instanceof PropertyType.Enum en) {
                if (v.scalar() != ScalarKind.STRING || v.type() instanceof PropertyType.ListOf) {
                    problem = p.name() + " is " + en.toSource();
                } else if (literal && !en.values().contains((String) ((Typed.Literal) value).value())) {
                    problem = "\"" + ((Typed.Literal) value).value() + "\" is not a value of " + en.toSource();
                }
            } else {
                ScalarKind kind = ((PropertyType.Scalar) target).kind();
                ScalarKind given = v.type() instanceof PropertyType.Scalar sc ? sc.kind() : null;
                if (given == null || !sameOrNumeric(kind, given)) {
                    problem = p.name() + " is " + kind.sourceName();
                } else if (literal && kind.isNumeric()) {
                    problem = numericLiteralProblem(((Typed.Literal) value).value(), kind, p);
                }
            }
            if (problem == null && store && v.nullable() && !p.nullable()) {
                problem = p.name() + " is required but the optional parameter may be null";
            }
            if (problem != null) {
                error(at.pos(), QueryErrorCode.TYPE_MISMATCH, problem + ", got " + v.describe());
                return false;
            }
            return true;
        }

        /** Why a numeric literal does not fit {@code kind}, or null. */
        private String numericLiteralProblem(Object value, ScalarKind kind, Property p) {
            if (kind == ScalarKind.F32 || kind == ScalarKind.F64) {
                return null;
            }
            if (value instanceof Double) {
                return p.name() + " is " + kind.sourceName() + " (an integer)";
            }
            long n = (Long) value;
            boolean inRange =
                    switch (kind) {
                        case I32 -> n >= Integer.MIN_VALUE && n <= Integer.MAX_VALUE;
                        case U32 -> n >= 0 && n <= 0xFFFF_FFFFL;
                        case U64 -> n >= 0;
                        default -> true;
                    };
            return inRange ? null : p.name() + " is " + kind.sourceName() + " and " + n + " is outside its range";
        }

        private void mismatch(Ast.Expr at, String expected, ValueType.Value got) {
            error(at.pos(), QueryErrorCode.TYPE_MISMATCH, expected + " " + got.describe());
        }

        private void unknownProperty(Ast.Name property, String owner) {
            error(
                    property.pos(),
                    QueryErrorCode.UNKNOWN_PROPERTY,
                    owner + " has no property '" + property.text() + "'");
        }

        // ---- mutations

        private Typed.Statement statement(Ast.Statement s) {
            String typeName = s.type().text();
            NodeType node = schema.node(typeName).orElse(null);
            EdgeType edge = node == null ? schema.edge(typeName).orElse(null) : null;
            if (node == null && edge == null) {
                error(s.type().pos(), QueryErrorCode.UNKNOWN_TARGET, "unknown node or edge type '" + typeName + "'");
            }
            if (s instanceof Ast.Insert insert) {
                return insert(insert, node, edge);
            }
            if (s instanceof Ast.Update update) {
                if (edge != null) {
                    error(
                            s.type().pos(),
                            QueryErrorCode.EDGE_UPDATE,
                            "edge " + typeName + " cannot be updated; delete and insert the edge instead");
                }
                List<Typed.Assignment> assignments = assignments(update.assignments(), node, null, true);
                Typed.Predicate where = predicate(update.where(), node, null);
                return node == null ? null : new Typed.Update(node, assignments, where);
            }
            Ast.Delete delete = (Ast.Delete) s;
            Typed.Predicate where = predicate(delete.where(), node, edge);
            if (node != null) {
                return new Typed.DeleteNodes(node, where);
            }
            return edge == null ? null : new Typed.DeleteEdges(edge, where);
        }

        private Typed.Statement insert(Ast.Insert insert, NodeType node, EdgeType edge) {
            List<Ast.Assignment> props = new ArrayList<>();
            Typed.Expr from = null;
            Typed.Expr to = null;
            Set<String> seen = new HashSet<>();
            for (Ast.Assignment a : insert.assignments()) {
                String name = a.property().text();
                if (edge != null && (name.equals("from") || name.equals("to"))) {
                    if (!seen.add(name)) {
                        duplicateAssignment(a);
                        continue;
                    }
                    Typed.Expr v = value(a.value());
                    if (v != null && fits(v, a.value(), new Property(name, STRING, false), true)) {
                        if (name.equals("from")) {
                            from = v;
                        } else {
                            to = v;
                        }
                    }
                } else {
                    props.add(a);
                }
            }
            List<Typed.Assignment> assignments = assignments(props, node, edge, false);
            if (node == null && edge == null) {
                return null;
            }
            Set<String> assigned =
                    insert.assignments().stream().map(a -> a.property().text()).collect(Collectors.toSet());
            List<String> missing = new ArrayList<>();
            if (edge != null) {
                for (String endpoint : List.of("from", "to")) {
                    if (!assigned.contains(endpoint)) {
                        missing.add(endpoint);
                    }
                }
            }
            for (Property p : node != null ? node.properties() : edge.properties()) {
                if (!p.nullable() && !assigned.contains(p.name())) {
                    missing.add(p.name());
                }
            }
            if (!missing.isEmpty()) {
                error(
                        insert.type().pos(),
                        QueryErrorCode.MISSING_PROPERTY,
                        "insert " + insert.type().text() + " must set " + String.join(", ", missing));
            }
            if (node != null) {
                return new Typed.InsertNode(node, assignments);
            }
            return new Typed.InsertEdge(edge, from, to, assignments);
        }

        private List<Typed.Assignment> assignments(
                List<Ast.Assignment> assignments, NodeType node, EdgeType edge, boolean update) {
            List<Typed.Assignment> out = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (Ast.Assignment a : assignments) {
                if (!seen.add(a.property().text())) {
                    duplicateAssignment(a);
                    continue;
                }
                Typed.Expr value = value(a.value());
                if (node == null && edge == null) {
                    continue;
                }
                Optional<Property> found = node != null
                        ? node.property(a.property().text())
                        : edge.property(a.property().text());
                if (found.isEmpty()) {
                    unknownProperty(a.property(), node != null ? "node " + node.name() : "edge " + edge.name());
                    continue;
                }
                Property p = found.get();
                if (update && node.key().contains(p.name())) {
                    error(
                            a.property().pos(),
                            QueryErrorCode.KEY_UPDATE,
                            "@key property " + node.name() + "." + p.name()
                                    + " cannot be updated (a node's id derives from its key)");
                    continue;
                }
                if (value != null && fits(value, a.value(), p, true)) {
                    out.add(new Typed.Assignment(p, value));
                }
            }
            return out;
        }

        private void duplicateAssignment(Ast.Assignment a) {
            error(
                    a.property().pos(),
                    QueryErrorCode.DUPLICATE_ASSIGNMENT,
                    "property '" + a.property().text() + "' is assigned twice");
        }

        private Typed.Predicate predicate(Ast.Predicate where, NodeType node, EdgeType edge) {
            Typed.Expr value = value(where.value());
            if (node == null && edge == null) {
                return null;
            }
            String field = where.property().text();
            Property p;
            boolean endpoint = edge != null && (field.equals("from") || field.equals("to"));
            if (endpoint) {
                p = new Property(field, STRING, false);
            } else {
                Optional<Property> found = node != null ? node.property(field) : edge.property(field);
                if (found.isEmpty()) {
                    unknownProperty(where.property(), node != null ? "node " + node.name() : "edge " + edge.name());
                    return null;
                }
                p = found.get();
            }
            if (isBlob(p.type())) {
                error(
                        where.property().pos(),
                        QueryErrorCode.BLOB,
                        "Blob property " + p.name() + " cannot be used in a where predicate");
                return null;
            }
            if (value == null || !fits(value, where.value(), p, false)) {
                return null;
            }
            return new Typed.Predicate(
                    field, endpoint ? null : p, Typed.Op.valueOf(where.op().name()), value);
        }
    }

    private static final PropertyType STRING = new PropertyType.Scalar(ScalarKind.STRING);

    private static boolean isBlob(PropertyType t) {
        return t instanceof PropertyType.Scalar s && s.kind() == ScalarKind.BLOB;
    }

    /** Kinds that compare: equal, or both numeric. */
    private static boolean sameOrNumeric(ScalarKind a, ScalarKind b) {
        return a != null && b != null && (a == b || (a.isNumeric() && b.isNumeric()));
    }
}
