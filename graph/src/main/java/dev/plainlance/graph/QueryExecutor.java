package dev.plainlance.graph;

import dev.plainlance.graph.query.Ast;
import dev.plainlance.graph.query.Typed;
import dev.plainlance.graph.schema.EdgeType;
import dev.plainlance.graph.schema.NodeIds;
import dev.plainlance.graph.schema.NodeType;
import dev.plainlance.graph.schema.Property;
import dev.plainlance.graph.schema.PropertyType;
import dev.plainlance.graph.schema.ScalarKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the matches of a read query's {@code match} on one {@link GraphSnapshot}: a {@link BindingFrame} with a
 * column per variable. Clauses run in an order chosen as it goes: filters and checks as soon as their variables are
 * bound, then traversals from a bound variable (over the in-memory adjacency, so their cost follows what they visit),
 * and only when none is ready does a variable get bound by enumerating its candidates, the most selective first (a
 * node found by its key, then nodes matching property values, then every node of a type). {@code optional} and
 * {@code not} blocks run after the clauses around them, over the rows found so far.
 *
 * <p>In a query with aggregates, a traversal whose far end is used only by {@code count}, by filters of its own and
 * by further such traversals is not expanded: each row carries how many ways it continues instead (its
 * multiplicity), computed once per node, so counting 2-hop paths costs one pass over the middle nodes. Without
 * aggregates or order, the last expansion stops once the query's limit is reached.
 */
final class QueryExecutor {
    /** How many reached ordinals a traversal keeps for sources met again before it forgets them. */
    private static final long MEMO_LIMIT = 8_000_000;

    private static final PropertyType ID_TYPE = new PropertyType.Scalar(ScalarKind.STRING);

    private final GraphSnapshot graph;
    private final Map<String, Object> arguments;
    private final Instant now;
    private final List<GraphSnapshot.Route> paths = new ArrayList<>();
    private final Map<String, Object[]> columns = new HashMap<>();
    private int blocks;

    QueryExecutor(GraphSnapshot graph, Map<String, Object> arguments, Instant now) {
        this.graph = graph;
        this.arguments = arguments;
        this.now = now;
    }

    /** The variables in scope and what they range over: a NodeType, an EdgeType or a PathVariable. */
    static final class Scope {
        final Map<String, Object> kinds;

        Scope(Map<String, Object> kinds) {
            this.kinds = new LinkedHashMap<>(kinds);
        }

        NodeType node(String variable) {
            return (NodeType) kinds.get(variable);
        }
    }

    /** The scope of a read query's top level. */
    Scope scope(Typed.Read read) {
        Map<String, Object> kinds = new LinkedHashMap<>();
        read.variables().forEach((name, variable) -> kinds.put(name, kindOf(variable)));
        return new Scope(kinds);
    }

    private Object kindOf(Typed.Variable variable) {
        if (variable instanceof Typed.NodeVariable n) {
            return n.type();
        }
        return variable instanceof Typed.EdgeVariable e ? e.type() : variable;
    }

    /** The matches of {@code read}, with a multiplicity per row. */
    BindingFrame match(Typed.Read read) {
        Scope scope = scope(read);
        List<Counted> counted = read.aggregate() ? counted(read) : List.of();
        List<Typed.Clause> clauses = new ArrayList<>();
        for (Typed.Clause c : read.match()) {
            boolean absorbed = counted.stream()
                    .anyMatch(k -> k.traversal() == c
                            || !(c instanceof Typed.Traversal) && references(c).equals(Set.of(k.far())));
            if (!absorbed) {
                clauses.add(c);
            }
        }
        for (Counted k : counted) {
            boolean root = counted.stream().noneMatch(x -> x.far().equals(k.near()));
            boolean bound = clauses.stream().anyMatch(c -> endpoints(c).contains(k.near()));
            if (root && !bound) {
                clauses.add(new Typed.Binding(k.near(), scope.node(k.near()), List.of()));
            }
        }
        long limit = read.aggregate() || !read.order().isEmpty()
                ? Long.MAX_VALUE
                : read.limit().orElse(Long.MAX_VALUE);
        BindingFrame frame = match(clauses, BindingFrame.unit(), scope, limit);
        return counted.isEmpty() ? frame : new Multiplicities(read, counted, scope).apply(frame);
    }

    /**
     * Runs {@code clauses} over the rows of {@code frame}; {@code scope} gains the variables they bind. Only the
     * first {@code limit} rows are needed (when nothing after the match filters or orders them).
     */
    private BindingFrame match(List<Typed.Clause> clauses, BindingFrame frame, Scope scope, long limit) {
        declare(clauses, scope);
        Set<String> later = new HashSet<>();
        for (Typed.Clause c : clauses) {
            if (c instanceof Typed.OptionalMatch o) {
                later.addAll(o.introduced());
            }
        }
        List<Typed.Clause> pending = new ArrayList<>();
        List<Typed.Clause> deferred = new ArrayList<>();
        List<Typed.Clause> blocks = new ArrayList<>();
        for (Typed.Clause c : clauses) {
            if (c instanceof Typed.Not || c instanceof Typed.OptionalMatch) {
                blocks.add(c);
            } else if (references(c).stream().anyMatch(later::contains)) {
                deferred.add(c);
            } else {
                pending.add(c);
            }
        }
        frame = run(pending, frame, scope, blocks.isEmpty() && deferred.isEmpty() ? limit : Long.MAX_VALUE);
        for (Typed.Clause block : blocks) {
            if (frame.size == 0) {
                break;
            }
            frame = block instanceof Typed.Not not
                    ? antiJoin(not, frame, scope)
                    : leftJoin((Typed.OptionalMatch) block, frame, scope);
        }
        return run(deferred, frame, scope, limit);
    }

    private BindingFrame run(List<Typed.Clause> clauses, BindingFrame frame, Scope scope, long limit) {
        List<Typed.Clause> pending = new ArrayList<>(clauses);
        while (!pending.isEmpty() && frame.size > 0) {
            Typed.Clause ready = ready(pending, frame);
            if (ready != null) {
                pending.remove(ready);
                frame = ready instanceof Typed.Traversal t && pending.isEmpty()
                        ? traverse(frame, t, scope, limit)
                        : apply(ready, frame, scope);
                continue;
            }
            String variable = cheapestUnbound(pending, frame, scope);
            Typed.Binding binding = binding(pending, variable);
            if (binding != null) {
                pending.remove(binding);
            }
            frame = bind(frame, variable, scope.node(variable), binding == null ? List.of() : binding.matches());
        }
        return frame;
    }

    // ---- planning

    /** Adds the variables {@code clauses} bind (outside nested blocks) to {@code scope}. */
    private void declare(List<Typed.Clause> clauses, Scope scope) {
        for (Typed.Clause c : clauses) {
            if (c instanceof Typed.Binding b) {
                scope.kinds.putIfAbsent(b.variable(), b.type());
            } else if (c instanceof Typed.Traversal t) {
                EdgeType edge = t.edge();
                String sourceType = t.direction() == Typed.Direction.IN ? edge.to() : edge.from();
                String targetType = t.direction() == Typed.Direction.IN ? edge.from() : edge.to();
                if (t.source() != null) {
                    scope.kinds.putIfAbsent(t.source(), graph.nodeType(sourceType));
                }
                if (t.target() != null) {
                    scope.kinds.putIfAbsent(t.target(), graph.nodeType(targetType));
                }
                if (t.edgeVariable() != null) {
                    scope.kinds.putIfAbsent(t.edgeVariable(), edge);
                }
            } else if (c instanceof Typed.ShortestPath p) {
                scope.kinds.putIfAbsent(p.path(), new Typed.PathVariable(p.path(), p.edge(), p.weight(), false));
                boolean in = p.direction() == Typed.Direction.IN;
                if (p.source() != null) {
                    scope.kinds.putIfAbsent(
                            p.source(),
                            graph.nodeType(in ? p.edge().to() : p.edge().from()));
                }
                if (p.target() != null) {
                    scope.kinds.putIfAbsent(
                            p.target(),
                            graph.nodeType(in ? p.edge().from() : p.edge().to()));
                }
            }
        }
    }

    /** A clause whose variables are bound enough to run without enumerating nodes, or null. */
    private static Typed.Clause ready(List<Typed.Clause> pending, BindingFrame frame) {
        for (Typed.Clause c : pending) {
            if ((c instanceof Typed.Filter || c instanceof Typed.Binding)
                    && frame.variables.containsAll(references(c))) {
                return c;
            }
        }
        for (Typed.Clause c : pending) {
            if (c instanceof Typed.Traversal t
                    && bound(frame, t.source())
                    && bound(frame, t.target())
                    && (named(frame, t.source())
                            || named(frame, t.target())
                            || t.source() == null && t.target() == null)) {
                return c;
            }
            if (c instanceof Typed.ShortestPath p && bound(frame, p.source()) && bound(frame, p.target())) {
                return c;
            }
        }
        for (Typed.Clause c : pending) {
            if (c instanceof Typed.Traversal t
                    && (named(frame, t.source()) || named(frame, t.target()) && reversible(t))) {
                return c;
            }
        }
        return null;
    }

    /**
     * Whether {@code t} may be followed backwards from its target: the nodes a search from the source reports are
     * those at a distance within the bounds, which reads the same both ways, except that a node first reached
     * before {@code min} hops is reported through its own self-loop, which does not; so only with {@code min <= 1}.
     * Otherwise the source is bound first and the search runs from it.
     */
    private static boolean reversible(Typed.Traversal t) {
        return t.minHops() <= 1;
    }

    /** Whether {@code variable} is a named variable bound in {@code frame}. */
    private static boolean named(BindingFrame frame, String variable) {
        return variable != null && frame.binds(variable);
    }

    /** Whether {@code variable} is bound in {@code frame}; an anonymous variable ({@code null}) counts as bound. */
    private static boolean bound(BindingFrame frame, String variable) {
        return variable == null || frame.binds(variable);
    }

    /** The unbound node variable of {@code pending} that is cheapest to enumerate. */
    private String cheapestUnbound(List<Typed.Clause> pending, BindingFrame frame, Scope scope) {
        String best = null;
        long bestCost = Long.MAX_VALUE;
        for (Typed.Clause c : pending) {
            for (String v : endpoints(c)) {
                if (v == null || frame.binds(v) || !(scope.kinds.get(v) instanceof NodeType type)) {
                    continue;
                }
                Typed.Binding binding = binding(pending, v);
                long cost = graph.count(type.name()) + 1;
                if (binding != null && keyLookup(type, binding.matches()) != null) {
                    cost = 1;
                } else if (binding != null && !binding.matches().isEmpty()) {
                    cost = cost / 4 + 1;
                }
                if (cost < bestCost) {
                    best = v;
                    bestCost = cost;
                }
            }
        }
        if (best == null) {
            throw new IllegalStateException("no variable to bind among " + pending);
        }
        return best;
    }

    private static List<String> endpoints(Typed.Clause c) {
        if (c instanceof Typed.Binding b) {
            return List.of(b.variable());
        }
        if (c instanceof Typed.Traversal t) {
            return nonNull(t.source(), t.target());
        }
        return c instanceof Typed.ShortestPath p ? nonNull(p.source(), p.target()) : List.of();
    }

    private static List<String> nonNull(String a, String b) {
        List<String> out = new ArrayList<>(2);
        if (a != null) {
            out.add(a);
        }
        if (b != null) {
            out.add(b);
        }
        return out;
    }

    private static Typed.Binding binding(List<Typed.Clause> pending, String variable) {
        for (Typed.Clause c : pending) {
            if (c instanceof Typed.Binding b && b.variable().equals(variable)) {
                return b;
            }
        }
        return null;
    }

    /** The variables a clause reads or binds, nested blocks included. */
    static Set<String> references(Typed.Clause clause) {
        Set<String> out = new HashSet<>();
        collect(clause, out);
        return out;
    }

    private static void collect(Typed.Clause clause, Set<String> out) {
        if (clause instanceof Typed.Binding b) {
            out.add(b.variable());
            b.matches().forEach(m -> collect(m.value(), out));
        } else if (clause instanceof Typed.Traversal t) {
            out.addAll(nonNull(t.source(), t.target()));
            if (t.edgeVariable() != null) {
                out.add(t.edgeVariable());
            }
        } else if (clause instanceof Typed.Filter f) {
            collect(f.left(), out);
            collect(f.right(), out);
        } else if (clause instanceof Typed.Not n) {
            n.clauses().forEach(c -> collect(c, out));
        } else if (clause instanceof Typed.OptionalMatch o) {
            o.clauses().forEach(c -> collect(c, out));
        } else if (clause instanceof Typed.ShortestPath p) {
            out.add(p.path());
            out.addAll(nonNull(p.source(), p.target()));
        }
    }

    static void collect(Typed.Expr expr, Set<String> out) {
        if (expr instanceof Typed.PropertyRef p) {
            out.add(p.variable());
        } else if (expr instanceof Typed.NodeRef n) {
            out.add(n.variable());
        } else if (expr instanceof Typed.PathCall p) {
            out.add(p.path());
        } else if (expr instanceof Typed.Aggregate a) {
            collect(a.argument(), out);
        } else if (expr instanceof Typed.Nearest n) {
            collect(n.vector(), out);
        }
    }

    // ---- counted traversals

    /**
     * A traversal counted rather than expanded: {@code far} is used only by {@code count(far)}, by bindings and
     * filters of {@code far} alone, and by traversals counted from it.
     */
    private record Counted(Typed.Traversal traversal, String near, String far) {}

    /** The counted traversals of an aggregate query, leaves first. */
    private static List<Counted> counted(Typed.Read read) {
        List<Counted> out = new ArrayList<>();
        for (boolean changed = true; changed; ) {
            changed = false;
            for (Typed.Clause c : read.match()) {
                if (!(c instanceof Typed.Traversal t)
                        || t.edgeVariable() != null
                        || out.stream().anyMatch(k -> k.traversal() == t)) {
                    continue;
                }
                for (String far : nonNull(t.target(), t.source())) {
                    String near = far.equals(t.target()) ? t.source() : t.target();
                    if ((far.equals(t.target()) || reversible(t))
                            && near != null
                            && !near.equals(far)
                            && onlyCounted(far, t, out, read)) {
                        out.add(new Counted(t, near, far));
                        changed = true;
                        break;
                    }
                }
            }
        }
        return out;
    }

    private static boolean onlyCounted(String variable, Typed.Traversal t, List<Counted> counted, Typed.Read read) {
        Typed.Variable v = read.variables().get(variable);
        if (v == null || v.optional()) {
            return false;
        }
        for (Typed.Clause c : read.match()) {
            if (c == t || !references(c).contains(variable)) {
                continue;
            }
            boolean alone = (c instanceof Typed.Binding || c instanceof Typed.Filter)
                    && references(c).equals(Set.of(variable));
            boolean child = counted.stream()
                    .anyMatch(k -> k.traversal() == c && k.near().equals(variable));
            if (!alone && !child) {
                return false;
            }
        }
        for (Typed.Projection p : read.projections()) {
            boolean counts = p.expr() instanceof Typed.Aggregate a
                    && a.function() == Ast.AggregateFunction.COUNT
                    && a.argument() instanceof Typed.NodeRef n
                    && n.variable().equals(variable);
            Set<String> used = new HashSet<>();
            collect(p.expr(), used);
            if (!counts && used.contains(variable)) {
                return false;
            }
        }
        for (Typed.Ordering o : read.order()) {
            Set<String> used = new HashSet<>();
            collect(o.expr(), used);
            if (used.contains(variable)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Multiplies each row's multiplicity by the number of ways its counted traversals continue: for a counted
     * traversal from a bound variable, the sum over the nodes it reaches of their own weight, a node's weight being
     * whether it passes its bindings and filters times the same sum for each traversal counted from it. Weights are
     * kept per variable and ordinal, so each node's is computed once.
     */
    private final class Multiplicities {
        private final List<Counted> counted;
        private final Scope scope;
        private final Map<String, long[]> weights = new HashMap<>();
        private final Map<Counted, Step> steps = new HashMap<>();
        private final Map<String, List<Typed.Clause>> tests = new HashMap<>();

        Multiplicities(Typed.Read read, List<Counted> counted, Scope scope) {
            this.counted = counted;
            this.scope = scope;
            for (Typed.Clause c : read.match()) {
                Set<String> used = references(c);
                if (used.size() == 1 && (c instanceof Typed.Binding || c instanceof Typed.Filter)) {
                    tests.computeIfAbsent(used.iterator().next(), v -> new ArrayList<>())
                            .add(c);
                }
            }
        }

        private Step step(Counted k) {
            return steps.computeIfAbsent(
                    k,
                    x -> QueryExecutor.this.step(
                            x.traversal(), x.far().equals(x.traversal().target()), scope));
        }

        BindingFrame apply(BindingFrame frame) {
            for (Counted k : counted) {
                if (!frame.binds(k.near())) {
                    continue;
                }
                int[] bound = frame.columns[frame.column(k.near())];
                Step step = step(k);
                long[] memo =
                        new long[graph.ordinals(scope.node(k.near()).name()).size()];
                Arrays.fill(memo, -1);
                BindingFrame.Builder out = frame.filtered();
                for (int row = 0; row < frame.size; row++) {
                    int o = bound[row];
                    long ways = 0;
                    if (o >= 0) {
                        if (memo[o] < 0) {
                            memo[o] = continuations(k, step, o);
                        }
                        ways = memo[o];
                    }
                    out.addWeighted(row, frame.weight(row) * ways);
                }
                frame = out.build();
            }
            return frame;
        }

        /** The sum of the weights of the nodes {@code k} reaches from {@code o}. */
        private long continuations(Counted k, Step step, int o) {
            Traversal.IntList reached = step.search.from(o);
            String far = k.far();
            if (!tests.containsKey(far)
                    && counted.stream().noneMatch(c -> c.near().equals(far))) {
                return reached.size();
            }
            int[] nodes = reached.toArray();
            long[] memo = memo(far);
            long sum = 0;
            for (int x : nodes) {
                sum += memo[x] >= 0 ? memo[x] : weight(far, x, memo);
            }
            return sum;
        }

        private long[] memo(String variable) {
            return weights.computeIfAbsent(variable, v -> {
                long[] fresh = new long[graph.ordinals(scope.node(v).name()).size()];
                Arrays.fill(fresh, -1);
                return fresh;
            });
        }

        /** Whether node {@code x} passes {@code variable}'s bindings and filters, times its continuations. */
        private long weight(String variable, int x, long[] memo) {
            long w = passes(variable, x) ? 1 : 0;
            for (Counted child : counted) {
                if (w != 0 && child.near().equals(variable)) {
                    w *= continuations(child, step(child), x);
                }
            }
            memo[x] = w;
            return w;
        }

        private boolean passes(String variable, int x) {
            NodeType type = scope.node(variable);
            for (Typed.Clause c : tests.getOrDefault(variable, List.of())) {
                if (c instanceof Typed.Binding b && !matches(type, b.matches(), x)) {
                    return false;
                }
                if (c instanceof Typed.Filter f
                        && !QueryValues.test(nodeValue(f.left(), type, x), f.op(), nodeValue(f.right(), type, x))) {
                    return false;
                }
            }
            return true;
        }

        private Object nodeValue(Typed.Expr expr, NodeType type, int x) {
            return expr instanceof Typed.PropertyRef p ? nodeColumn(type, p.property())[x] : constant(expr);
        }
    }

    // ---- clauses

    private BindingFrame apply(Typed.Clause clause, BindingFrame frame, Scope scope) {
        if (clause instanceof Typed.Filter f) {
            RowValue left = value(f.left(), frame, scope);
            RowValue right = value(f.right(), frame, scope);
            return filter(frame, row -> QueryValues.test(left.at(row), f.op(), right.at(row)));
        }
        if (clause instanceof Typed.Binding b) {
            int column = frame.column(b.variable());
            NodeType type = scope.node(b.variable());
            return filter(frame, row -> matches(type, b.matches(), frame.columns[column][row]));
        }
        if (clause instanceof Typed.Traversal t) {
            return traverse(frame, t, scope, Long.MAX_VALUE);
        }
        return shortest(frame, (Typed.ShortestPath) clause, scope);
    }

    @FunctionalInterface
    private interface RowTest {
        boolean test(int row);
    }

    private static BindingFrame filter(BindingFrame frame, RowTest test) {
        BindingFrame.Builder out = frame.filtered();
        for (int row = 0; row < frame.size; row++) {
            if (test.test(row)) {
                out.add(row);
            }
        }
        return out.build();
    }

    /** Binds {@code variable} to each node of {@code type} matching {@code matches}, for every row. */
    private BindingFrame bind(BindingFrame frame, String variable, NodeType type, List<Typed.PropertyMatch> matches) {
        NodeOrdinals ordinals = graph.ordinals(type.name());
        Traversal.IntList candidates = new Traversal.IntList();
        String id = keyLookup(type, matches);
        if (id != null) {
            int o = ordinals.ordinal(id);
            if (o >= 0 && matches(type, matches, o)) {
                candidates.add(o);
            }
        } else {
            for (int o = 0; o < ordinals.size(); o++) {
                if (ordinals.isLive(o) && matches(type, matches, o)) {
                    candidates.add(o);
                }
            }
        }
        BindingFrame.Builder out = frame.extend(variable);
        for (int row = 0; row < frame.size; row++) {
            for (int i = 0; i < candidates.size(); i++) {
                out.add(row, candidates.get(i));
            }
        }
        return out.build();
    }

    /** The id of the one node {@code matches} can select when they give its whole key, or null. */
    private String keyLookup(NodeType type, List<Typed.PropertyMatch> matches) {
        if (type.key().isEmpty()) {
            return null;
        }
        List<Object> values = new ArrayList<>();
        for (String name : type.key()) {
            Typed.PropertyMatch match = matches.stream()
                    .filter(m -> !m.membership() && m.property().name().equals(name))
                    .findFirst()
                    .orElse(null);
            Object value = match == null ? null : constant(match.value());
            if (value == null) {
                return null;
            }
            values.add(value);
        }
        try {
            return NodeIds.derive(type, values);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private boolean matches(NodeType type, List<Typed.PropertyMatch> matches, int ordinal) {
        if (ordinal < 0) {
            return false;
        }
        for (Typed.PropertyMatch m : matches) {
            Object value = nodeColumn(type, m.property())[ordinal];
            Typed.Op op = m.membership() ? Typed.Op.LIST_CONTAINS : Typed.Op.EQ;
            if (!QueryValues.test(value, op, constant(m.value()))) {
                return false;
            }
        }
        return true;
    }

    /** How a traversal steps from one of its ends. */
    private record Step(EdgeAdjacency edges, Typed.Direction direction, ReachSearch search) {}

    private Step step(Typed.Traversal t, boolean fromSource, Scope scope) {
        EdgeType edge = t.edge();
        Typed.Direction direction = fromSource ? t.direction() : reverse(t.direction());
        int max = edge.from().equals(edge.to()) ? t.maxHops() : Math.min(1, t.maxHops());
        EdgeAdjacency edges = graph.adjacency(edge.name());
        String reached = direction == Typed.Direction.IN ? edge.from() : edge.to();
        int extent = graph.ordinals(reached).size();
        return new Step(edges, direction, new ReachSearch(edges, direction, t.minHops(), max, extent));
    }

    private static Typed.Direction reverse(Typed.Direction d) {
        return switch (d) {
            case OUT -> Typed.Direction.IN;
            case IN -> Typed.Direction.OUT;
            case BOTH -> Typed.Direction.BOTH;
        };
    }

    /** Follows {@code t} from its bound end; when expanding, stops once {@code limit} rows are found. */
    private BindingFrame traverse(BindingFrame frame, Typed.Traversal t, Scope scope, long limit) {
        boolean fromSource = named(frame, t.source());
        if (t.source() == null && t.target() == null) {
            return graph.adjacency(t.edge().name()).edges() > 0
                    ? frame
                    : frame.filtered().build();
        }
        String near = fromSource ? t.source() : t.target();
        String far = fromSource ? t.target() : t.source();
        Step step = step(t, fromSource, scope);
        int nearColumn = frame.column(near);
        if (t.edgeVariable() != null) {
            return traverseEdges(frame, step, nearColumn, far, t.edgeVariable());
        }
        boolean check = far != null && frame.binds(far);
        int farColumn = check ? frame.column(far) : -1;
        BindingFrame.Builder out = far == null || check ? frame.filtered() : frame.extend(far);
        int[][] memo = frame.size > 64
                ? new int[graph.ordinals(scope.node(near).name()).size()][]
                : new int[0][];
        long memoized = 0;
        boolean expand = far != null && !check;
        for (int row = 0; row < frame.size && !(expand && out.size() >= limit); row++) {
            int o = frame.columns[nearColumn][row];
            if (o < 0) {
                continue;
            }
            int[] reached = o < memo.length ? memo[o] : null;
            if (reached == null) {
                if (memoized > MEMO_LIMIT) {
                    java.util.Arrays.fill(memo, null);
                    memoized = 0;
                }
                reached = step.search
                        .from(o, expand ? limit - out.size() : Long.MAX_VALUE)
                        .toArray();
                if (check) {
                    java.util.Arrays.sort(reached);
                }
                if (o < memo.length) {
                    memo[o] = reached;
                    memoized += reached.length + 4;
                }
            }
            if (far == null) {
                if (reached.length > 0) {
                    out.add(row);
                }
            } else if (check) {
                int target = frame.columns[farColumn][row];
                if (target >= 0 && java.util.Arrays.binarySearch(reached, target) >= 0) {
                    out.add(row);
                }
            } else {
                for (int r : reached) {
                    out.add(row, r);
                }
            }
        }
        return out.build();
    }

    /** One row per edge from the near end (to the far end, when it is bound). */
    private BindingFrame traverseEdges(BindingFrame frame, Step step, int nearColumn, String far, String edgeVariable) {
        boolean check = far != null && frame.binds(far);
        int farColumn = check ? frame.column(far) : -1;
        BindingFrame.Builder out = far == null || check ? frame.extend(edgeVariable) : frame.extend(far, edgeVariable);
        Set<Integer> seenSlots = new HashSet<>();
        for (int row = 0; row < frame.size; row++) {
            int o = frame.columns[nearColumn][row];
            if (o < 0) {
                continue;
            }
            int r = row;
            int target = check ? frame.columns[farColumn][row] : -1;
            seenSlots.clear();
            EdgeAdjacency.EdgeVisitor visitor = (neighbor, slot) -> {
                if (!seenSlots.add(slot) || check && neighbor != target) {
                    return;
                }
                if (far == null || check) {
                    out.add(r, slot);
                } else {
                    out.add(r, neighbor, slot);
                }
            };
            if (step.direction != Typed.Direction.IN) {
                step.edges.forEachOut(o, visitor);
            }
            if (step.direction != Typed.Direction.OUT) {
                step.edges.forEachIn(o, visitor);
            }
        }
        return out.build();
    }

    private BindingFrame shortest(BindingFrame frame, Typed.ShortestPath p, Scope scope) {
        Direction direction =
                switch (p.direction()) {
                    case OUT -> Direction.OUT;
                    case IN -> Direction.IN;
                    case BOTH -> Direction.BOTH;
                };
        NodeOrdinals from = graph.ordinals(
                p.direction() == Typed.Direction.IN ? p.edge().to() : p.edge().from());
        NodeOrdinals to = graph.ordinals(
                p.direction() == Typed.Direction.IN ? p.edge().from() : p.edge().to());
        int sourceColumn = frame.column(p.source());
        int targetColumn = frame.column(p.target());
        BindingFrame.Builder out = frame.extend(p.path());
        Map<Long, Integer> memo = new HashMap<>();
        for (int row = 0; row < frame.size; row++) {
            int a = frame.columns[sourceColumn][row];
            int b = frame.columns[targetColumn][row];
            if (a < 0 || b < 0) {
                continue;
            }
            int index = memo.computeIfAbsent(((long) a << 32) | (b & 0xffffffffL), k -> {
                String fromId = from.id(a);
                String toId = to.id(b);
                java.util.Optional<GraphSnapshot.Route> path = graph.route(
                        p.edge().name(), p.weight() == null ? null : p.weight().name(), fromId, toId, direction);
                if (path.isEmpty()) {
                    return -1;
                }
                int hops = path.get().hops();
                if (hops < p.minHops() || p.maxHops() != null && hops > p.maxHops()) {
                    return -1;
                }
                paths.add(path.get());
                return paths.size() - 1;
            });
            if (index >= 0) {
                out.add(row, index);
            }
        }
        return out.build();
    }

    // ---- blocks

    private BindingFrame antiJoin(Typed.Not not, BindingFrame frame, Scope scope) {
        boolean[] matched = matchedOrigins(not.clauses(), frame, scope, null);
        return filter(frame, row -> !matched[row]);
    }

    private BindingFrame leftJoin(Typed.OptionalMatch optional, BindingFrame frame, Scope scope) {
        BindingFrame[] inner = new BindingFrame[1];
        matchedOrigins(optional.clauses(), frame, scope, inner);
        BindingFrame found = inner[0];
        String origin = found.variables.get(frame.variables.size());
        int originColumn = found.column(origin);
        List<String> introduced = optional.introduced();
        int[] introducedColumns = introduced.stream().mapToInt(found::column).toArray();
        int[] start = new int[frame.size + 1];
        for (int r = 0; r < found.size; r++) {
            start[found.columns[originColumn][r] + 1]++;
        }
        for (int i = 0; i < frame.size; i++) {
            start[i + 1] += start[i];
        }
        int[] order = new int[found.size];
        int[] fill = java.util.Arrays.copyOf(start, frame.size);
        for (int r = 0; r < found.size; r++) {
            order[fill[found.columns[originColumn][r]]++] = r;
        }
        BindingFrame.Builder out = frame.extend(introduced.toArray(String[]::new));
        int[] values = new int[introduced.size()];
        for (int row = 0; row < frame.size; row++) {
            if (start[row] == start[row + 1]) {
                java.util.Arrays.fill(values, -1);
                out.add(row, values.clone());
                continue;
            }
            for (int k = start[row]; k < start[row + 1]; k++) {
                int r = order[k];
                for (int i = 0; i < values.length; i++) {
                    values[i] = found.columns[introducedColumns[i]][r];
                }
                out.addWeighted(row, found.weight(r), values.clone());
            }
        }
        return out.build();
    }

    /**
     * Runs {@code clauses} over {@code frame}'s rows, each tagged with its index; which rows have a match. When
     * {@code result} is given, its first element receives the matches (the tag is the first added column).
     */
    private boolean[] matchedOrigins(
            List<Typed.Clause> clauses, BindingFrame frame, Scope scope, BindingFrame[] result) {
        String origin = "#origin" + (blocks++);
        BindingFrame.Builder tagged = frame.extend(origin);
        for (int row = 0; row < frame.size; row++) {
            tagged.add(row, row);
        }
        Scope inner = new Scope(scope.kinds);
        BindingFrame found = match(clauses, tagged.build(), inner, Long.MAX_VALUE);
        boolean[] matched = new boolean[frame.size];
        int column = found.column(origin);
        for (int r = 0; r < found.size; r++) {
            matched[found.columns[column][r]] = true;
        }
        if (result != null) {
            result[0] = found;
            for (String v : inner.kinds.keySet()) {
                scope.kinds.putIfAbsent(v, inner.kinds.get(v));
            }
        }
        return matched;
    }

    // ---- values

    /** The value of an expression in each row of one frame. */
    @FunctionalInterface
    interface RowValue {
        Object at(int row);
    }

    /**
     * The value of {@code expr} in the rows of {@code frame} (a whole node is a map of its properties), resolved
     * once: columns and value arrays are looked up here, not per row.
     */
    RowValue value(Typed.Expr expr, BindingFrame frame, Scope scope) {
        Set<String> used = new HashSet<>();
        collect(expr, used);
        if (!frame.variables.containsAll(used)) {
            return row -> null; // a match that ended with no rows before binding them
        }
        if (expr instanceof Typed.PropertyRef p) {
            int[] bound = frame.columns[frame.column(p.variable())];
            Object[] values = scope.kinds.get(p.variable()) instanceof NodeType node
                    ? nodeColumn(node, p.property())
                    : edgeColumn(
                            (EdgeType) scope.kinds.get(p.variable()),
                            p.property().name(),
                            p.property().type());
            return row -> bound[row] < 0 ? null : values[bound[row]];
        }
        if (expr instanceof Typed.NodeRef n) {
            int[] bound = frame.columns[frame.column(n.variable())];
            NodeType type = scope.node(n.variable());
            return row -> node(type, bound[row]);
        }
        if (expr instanceof Typed.PathCall c) {
            int[] bound = frame.columns[frame.column(c.path())];
            return row -> pathValue(c, bound[row]);
        }
        if (expr instanceof Typed.Nearest n) {
            RowValue vectors = value(n.vector(), frame, scope);
            double[] query = numbers(constant(n.query()));
            return row -> cosineDistance(vectors.at(row), query);
        }
        Object constant = constant(expr);
        return row -> constant;
    }

    /** A vector value (a list of numbers) as doubles; null for null. */
    private static double[] numbers(Object vector) {
        if (vector == null) {
            return null;
        }
        List<?> items = (List<?>) vector;
        double[] out = new double[items.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ((Number) items.get(i)).doubleValue();
        }
        return out;
    }

    /** {@code 1 - cos} of two vectors of the same length, as Omnigraph's {@code nearest}; null when undefined. */
    private static Double cosineDistance(Object vector, double[] query) {
        double[] x = numbers(vector);
        if (x == null || query == null) {
            return null;
        }
        double dot = 0;
        double xx = 0;
        double qq = 0;
        for (int i = 0; i < x.length; i++) {
            dot += x[i] * query[i];
            xx += x[i] * x[i];
            qq += query[i] * query[i];
        }
        double distance = 1 - dot / Math.sqrt(xx * qq);
        return Double.isNaN(distance) ? null : distance;
    }

    /** The value of a match or assignment value: a literal, a parameter or {@code now()}. */
    Object constant(Typed.Expr expr) {
        if (expr instanceof Typed.Literal l) {
            return l.value();
        }
        if (expr instanceof Typed.ParamRef p) {
            return arguments.get(p.name());
        }
        if (expr instanceof Typed.Now) {
            return now;
        }
        throw new IllegalStateException("not a value of a row: " + expr);
    }

    private Object[] edgeColumn(EdgeType edge, String column, PropertyType type) {
        return columns.computeIfAbsent(
                "edge:" + edge.name() + "." + column, k -> graph.edgeValues(edge.name(), column, type));
    }

    private Object[] nodeColumn(NodeType type, Property property) {
        return columns.computeIfAbsent(
                "node:" + type.name() + "." + property.name(), k -> graph.nodeValues(type.name(), property));
    }

    private Object node(NodeType type, int ordinal) {
        if (ordinal < 0) {
            return null;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Property p : type.properties()) {
            if (!(p.type() instanceof PropertyType.Scalar s && s.kind() == ScalarKind.BLOB)) {
                out.put(p.name(), nodeColumn(type, p)[ordinal]);
            }
        }
        return out;
    }

    private Object pathValue(Typed.PathCall call, int index) {
        if (index < 0) {
            return null;
        }
        GraphSnapshot.Route path = paths.get(index);
        return switch (call.function()) {
            case LENGTH -> (long) path.hops();
            case COST -> path.cost();
            case NODES -> path.nodes();
        };
    }

    /** The id of what {@code variable} is bound to in each row (null for a path or an unmatched optional). */
    RowValue id(String variable, Scope scope, BindingFrame frame) {
        if (!frame.binds(variable)) {
            return row -> null;
        }
        int[] bound = frame.columns[frame.column(variable)];
        Object kind = scope.kinds.get(variable);
        if (kind instanceof NodeType node) {
            NodeOrdinals ordinals = graph.ordinals(node.name());
            return row -> bound[row] < 0 ? null : ordinals.id(bound[row]);
        }
        if (kind instanceof EdgeType edge) {
            Object[] ids = edgeColumn(edge, "id", ID_TYPE);
            return row -> bound[row] < 0 ? null : ids[bound[row]];
        }
        return row -> null;
    }
}
