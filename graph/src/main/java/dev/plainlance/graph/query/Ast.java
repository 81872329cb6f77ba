package dev.plainlance.graph.query;

import dev.plainlance.graph.schema.PropertyType;
import java.math.BigDecimal;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The parse tree of {@code .gq} source, as written and with positions, before {@link QueryChecker} resolves it
 * against a schema. Immutable records; the lists are unmodifiable. Nodes that only exist in plainlance's extensions
 * of the language are marked "extension" (see {@link Extension}).
 */
public final class Ast {
    private Ast() {}

    /** A name as written (a type, edge, property or alias name) and where. */
    public record Name(String text, SourcePos pos) {}

    /** A variable as written, without its {@code $}, and where; {@code $_} is the anonymous variable {@code _}. */
    public record Var(String name, SourcePos pos) {
        public boolean isAnonymous() {
            return name.equals("_");
        }
    }

    /**
     * One {@code query name(params) @description("..") @instruction("..") { body }} declaration.
     *
     * @param description the {@code @description} text, or null
     * @param instruction the {@code @instruction} text, or null
     */
    public record Query(Name name, List<Param> params, String description, String instruction, Body body) {
        public Query {
            params = List.copyOf(params);
        }

        public Optional<Param> param(String paramName) {
            return params.stream()
                    .filter(p -> p.name().name().equals(paramName))
                    .findFirst();
        }

        /** The extensions of the language this query uses; empty for a plain Omnigraph query. */
        public Set<Extension> extensions() {
            Set<Extension> out = EnumSet.noneOf(Extension.class);
            Extensions.collect(this, out);
            return out;
        }

        /** The canonical {@code .gq} text of this query (see {@link QueryFile#toSource()}). */
        public String toSource() {
            return QueryPrinter.print(this);
        }
    }

    /**
     * {@code $name: Type} or, with {@code optional}, {@code $name: Type?}: an optional parameter may be left out
     * (it is then null).
     *
     * @param type a {@code .pg} scalar, {@code [T]} or {@code Vector(n)} (parameters have no enums)
     */
    public record Param(Var name, PropertyType type, boolean optional, SourcePos typePos) {}

    /** A query body: a read or a list of mutation statements. */
    public sealed interface Body permits Read, Mutation {}

    /**
     * {@code match { clause+ } return { projection+ } [order { ordering+ }] [limit n]}.
     *
     * @param limit the {@code limit}, if any
     */
    public record Read(List<Clause> match, List<Projection> projections, List<Ordering> order, OptionalLong limit)
            implements Body {
        public Read {
            match = List.copyOf(match);
            projections = List.copyOf(projections);
            order = List.copyOf(order);
        }
    }

    /** One or more {@code insert}, {@code update} and {@code delete} statements, run in order as one commit. */
    public record Mutation(List<Statement> statements) implements Body {
        public Mutation {
            statements = List.copyOf(statements);
        }
    }

    // ---- match clauses

    /** A clause of a {@code match} block (or of a {@code not} or {@code optional} block inside it). */
    public sealed interface Clause permits Binding, Traversal, Filter, Not, OptionalMatch, ShortestPath {
        SourcePos pos();
    }

    /** {@code $v: Type { prop: value, ... }}: {@code $v} ranges over the nodes of {@code Type} that match. */
    public record Binding(Var variable, Name type, List<PropertyMatch> matches) implements Clause {
        public Binding {
            matches = List.copyOf(matches);
        }

        @Override
        public SourcePos pos() {
            return variable.pos();
        }
    }

    /**
     * {@code prop: value} in a binding; the value is a {@link Literal}, a {@link VariableRef} to a parameter or
     * {@link Now}.
     */
    public record PropertyMatch(Name property, Expr value) {}

    /**
     * {@code $src [$w:]edge[{min,max}] $dst}, or {@code $src [$w:]<edge>[{min,max}] $dst} when {@code undirected}.
     * The edge is written with a lowercase initial ({@code knows} for {@code edge Knows}).
     *
     * @param edgeVariable the {@code $w:} edge binding, or null
     * @param bounds the hop bounds, or null when not written ({@code {1,1}})
     */
    public record Traversal(Var source, Var edgeVariable, Name edge, boolean undirected, Bounds bounds, Var target)
            implements Clause {
        @Override
        public SourcePos pos() {
            return source.pos();
        }
    }

    /**
     * Hop bounds {@code {min,max}}.
     *
     * @param max the upper bound, or null when open ({@code {1,}})
     */
    public record Bounds(int min, Integer max, SourcePos pos) {}

    /** {@code left op right}. */
    public record Filter(Expr left, Op op, Expr right) implements Clause {
        @Override
        public SourcePos pos() {
            return left.pos();
        }
    }

    /** {@code not { clause+ }}: no match of the inner clauses exists. */
    public record Not(List<Clause> clauses, SourcePos pos) implements Clause {
        public Not {
            clauses = List.copyOf(clauses);
        }
    }

    /**
     * (extension) {@code optional { clause+ }}: the inner clauses are matched if they can be, else the variables
     * they bind are null (a left outer join).
     */
    public record OptionalMatch(List<Clause> clauses, SourcePos pos) implements Clause {
        public OptionalMatch {
            clauses = List.copyOf(clauses);
        }
    }

    /**
     * (extension) {@code $path = shortest($src edge{min,max} $dst [, weight: prop])}: for each pair of {@code $src}
     * and {@code $dst} connected by a walk over {@code edge} of {@code min..max} hops, one shortest such walk — the
     * fewest hops or, with a weight, the least sum of the edges' {@code prop}.
     *
     * @param bounds the hop bounds, or null when not written ({@code {1,}}, any length)
     * @param weight the numeric edge property to minimise the sum of, or null for hop count
     */
    public record ShortestPath(
            Var path, Var source, Name edge, boolean undirected, Bounds bounds, Var target, Name weight)
            implements Clause {
        @Override
        public SourcePos pos() {
            return path.pos();
        }
    }

    /** A filter or mutation-predicate operator. */
    public enum Op {
        EQ("="),
        NE("!="),
        LT("<"),
        LE("<="),
        GT(">"),
        GE(">="),
        /** A list's element, or a String's substring (exact, case-sensitive). */
        CONTAINS("contains"),
        /** A String's prefix (exact, case-sensitive). */
        STARTS_WITH("starts_with");

        private final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        /** How the operator is written. */
        public String symbol() {
            return symbol;
        }

        public boolean isComparison() {
            return this != CONTAINS && this != STARTS_WITH;
        }
    }

    // ---- expressions

    /**
     * An expression: a property access, a variable, a literal, {@code now()}, an aggregate, an alias, a path function
     * or {@code nearest}.
     */
    public sealed interface Expr
            permits PropertyAccess, VariableRef, Now, Literal, Aggregate, AliasRef, PathCall, Nearest {
        SourcePos pos();
    }

    /** {@code $v.prop}. */
    public record PropertyAccess(Var variable, Name property) implements Expr {
        @Override
        public SourcePos pos() {
            return variable.pos();
        }
    }

    /** {@code $v}: a parameter, or a bound node (whole). */
    public record VariableRef(Var variable) implements Expr {
        @Override
        public SourcePos pos() {
            return variable.pos();
        }
    }

    /** {@code now()}: the time the query runs, a {@code DateTime}. */
    public record Now(SourcePos pos) implements Expr {}

    /** {@code count(e)}, {@code sum(e)}, {@code avg(e)}, {@code min(e)} or {@code max(e)}. */
    public record Aggregate(AggregateFunction function, Expr argument, SourcePos pos) implements Expr {}

    /** A bare name: the alias of a projection ({@code friends} for {@code count($f) as friends}). */
    public record AliasRef(Name alias) implements Expr {
        @Override
        public SourcePos pos() {
            return alias.pos();
        }
    }

    /** (extension) {@code length($path)}, {@code cost($path)} or {@code nodes($path)} of a shortest path. */
    public record PathCall(PathFunction function, Var path, SourcePos pos) implements Expr {}

    /** {@code nearest($v.prop, q)}: the cosine distance between a {@code Vector(n)} property and a query vector. */
    public record Nearest(Expr vector, Expr query, SourcePos pos) implements Expr {}

    public enum AggregateFunction {
        COUNT,
        SUM,
        AVG,
        MIN,
        MAX;

        /** How the function is written, e.g. {@code count}. */
        public String sourceName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** (extension) What a path function gives. */
    public enum PathFunction {
        /** The number of edges of the path ({@code I64}). */
        LENGTH,
        /** The sum of the path's weights, or its length without a weight ({@code F64}). */
        COST,
        /** The ids of the path's nodes, first to last ({@code [String]}). */
        NODES;

        public String sourceName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** A literal value. */
    public sealed interface Literal extends Expr
            permits StringLit, IntLit, FloatLit, BoolLit, DateLit, DateTimeLit, ListLit {}

    /** {@code "text"} (unescaped). */
    public record StringLit(String value, SourcePos pos) implements Literal {}

    /** {@code 42} or (extension) {@code -42}. */
    public record IntLit(long value, SourcePos pos) implements Literal {}

    /** {@code 1.5}: a decimal, kept exactly as written. */
    public record FloatLit(BigDecimal value, SourcePos pos) implements Literal {}

    /** {@code true} or {@code false}. */
    public record BoolLit(boolean value, SourcePos pos) implements Literal {}

    /** {@code date("2024-01-31")}; {@code text} is a valid ISO date. */
    public record DateLit(String text, SourcePos pos) implements Literal {}

    /**
     * {@code datetime("2024-01-31T12:00:00Z")}; {@code text} is an ISO date-time with an offset, or without one
     * (UTC).
     */
    public record DateTimeLit(String text, SourcePos pos) implements Literal {}

    /** {@code [a, b, ...]}: literals of one scalar kind (numbers may mix). */
    public record ListLit(List<Literal> items, SourcePos pos) implements Literal {
        public ListLit {
            items = List.copyOf(items);
        }
    }

    // ---- return and order

    /**
     * A projection {@code expr [as alias]}.
     *
     * @param alias the {@code as} name, or null
     */
    public record Projection(Expr expr, Name alias) {}

    /** An ordering key {@code expr [asc|desc]}; ascending unless {@code descending}. */
    public record Ordering(Expr expr, boolean descending) {}

    // ---- mutations

    /** An {@code insert}, {@code update} or {@code delete} statement. */
    public sealed interface Statement permits Insert, Update, Delete {
        /** The node or edge type written to. */
        Name type();
    }

    /**
     * {@code insert Type { prop: value, ... }}; an edge insert gives its endpoints as {@code from} and {@code to}
     * (the endpoint nodes' ids).
     */
    public record Insert(Name type, List<Assignment> assignments) implements Statement {
        public Insert {
            assignments = List.copyOf(assignments);
        }
    }

    /** {@code update Type set { prop: value, ... } where prop op value}. */
    public record Update(Name type, List<Assignment> assignments, Predicate where) implements Statement {
        public Update {
            assignments = List.copyOf(assignments);
        }
    }

    /** {@code delete Type where prop op value}. */
    public record Delete(Name type, Predicate where) implements Statement {}

    /**
     * {@code prop: value}; the value is a {@link Literal}, a {@link VariableRef} to a parameter or {@link Now}.
     */
    public record Assignment(Name property, Expr value) {}

    /** {@code where prop op value}; on an edge type, {@code prop} may be {@code from} or {@code to}. */
    public record Predicate(Name property, Op op, Expr value) {}
}
