package dev.plainlance.graph.query;

import dev.plainlance.graph.schema.EdgeType;
import dev.plainlance.graph.schema.NodeType;
import dev.plainlance.graph.schema.Property;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Checked queries: the tree an executor walks. Names are resolved to the schema's {@link NodeType}s,
 * {@link EdgeType}s and {@link Property}s, traversal directions are fixed, and every expression has its
 * {@link ValueType}. Built by {@link QueryChecker}; immutable. Anonymous variables ({@code $_}) are null.
 */
public final class Typed {
    private Typed() {}

    /** A checked query: a {@link Read} or a {@link Mutation}. */
    public sealed interface Query permits Read, Mutation {
        String name();

        List<Param> params();

        /** The extensions of the language the query uses. */
        Set<Extension> extensions();

        /** The query as parsed. */
        Ast.Query source();
    }

    /** A parameter; {@code type.nullable()} says whether it is optional. */
    public record Param(String name, ValueType type) {}

    /**
     * A read query.
     *
     * @param variables the variables bound by {@code match} outside {@code not} blocks, in binding order
     * @param aggregate whether any projection is an aggregate (the other projections are then group keys)
     */
    public record Read(
            String name,
            List<Param> params,
            Map<String, Variable> variables,
            List<Clause> match,
            List<Projection> projections,
            boolean aggregate,
            List<Ordering> order,
            OptionalLong limit,
            Set<Extension> extensions,
            Ast.Query source)
            implements Query {
        public Read {
            params = List.copyOf(params);
            variables = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(variables));
            match = List.copyOf(match);
            projections = List.copyOf(projections);
            order = List.copyOf(order);
            extensions = Set.copyOf(extensions);
        }
    }

    /** A mutation query: statements run in order, committed together. */
    public record Mutation(
            String name, List<Param> params, List<Statement> statements, Set<Extension> extensions, Ast.Query source)
            implements Query {
        public Mutation {
            params = List.copyOf(params);
            statements = List.copyOf(statements);
            extensions = Set.copyOf(extensions);
        }
    }

    // ---- variables

    /**
     * A variable bound by {@code match}; {@code optional} when first bound inside an {@code optional} block (it may
     * then be null).
     */
    public sealed interface Variable permits NodeVariable, EdgeVariable, PathVariable {
        String name();

        boolean optional();
    }

    public record NodeVariable(String name, NodeType type, boolean optional) implements Variable {}

    /** An edge binding {@code $w:edge}: one edge row per match. */
    public record EdgeVariable(String name, EdgeType type, boolean optional) implements Variable {}

    /**
     * (extension) A shortest path.
     *
     * @param weight the weight property, or null when paths are measured in hops
     */
    public record PathVariable(String name, EdgeType edge, Property weight, boolean optional) implements Variable {}

    // ---- clauses

    public sealed interface Clause permits Binding, Traversal, Filter, Not, OptionalMatch, ShortestPath {}

    /** {@code $variable} ranges over the nodes of {@code type} whose properties match. */
    public record Binding(String variable, NodeType type, List<PropertyMatch> matches) implements Clause {
        public Binding {
            matches = List.copyOf(matches);
        }
    }

    /**
     * {@code property = value}, or when {@code membership}, the list {@code property} contains the scalar
     * {@code value}. The value is a {@link Literal}, {@link ParamRef} or {@link Now}.
     */
    public record PropertyMatch(Property property, Expr value, boolean membership) {}

    /** Which way a traversal follows its edges from {@code source} to {@code target}. */
    public enum Direction {
        /** From the edge's {@code src} (From type) to its {@code dst} (To type). */
        OUT,
        /** From the edge's {@code dst} to its {@code src}: the operands were written the other way round. */
        IN,
        /** Either way (an undirected traversal of a same-type edge; set semantics). */
        BOTH
    }

    /**
     * {@code source} reaches {@code target} over {@code minHops..maxHops} edges of {@code edge}.
     *
     * @param source the source node variable, or null for {@code $_}
     * @param target the target node variable, or null for {@code $_}
     * @param edgeVariable the edge binding (then {@code minHops == maxHops == 1}), or null
     */
    public record Traversal(
            String source,
            EdgeType edge,
            Direction direction,
            int minHops,
            int maxHops,
            String edgeVariable,
            String target)
            implements Clause {}

    /** {@code left op right}. */
    public record Filter(Expr left, Op op, Expr right) implements Clause {}

    /** No match of {@code clauses} exists for the row (an anti-join); variables bound inside stay inside. */
    public record Not(List<Clause> clauses) implements Clause {
        public Not {
            clauses = List.copyOf(clauses);
        }
    }

    /**
     * (extension) A left outer join: rows of the match extended by the matches of {@code clauses}, or, when there
     * are none, by nulls for {@code introduced}, the variables first bound inside.
     */
    public record OptionalMatch(List<Clause> clauses, List<String> introduced) implements Clause {
        public OptionalMatch {
            clauses = List.copyOf(clauses);
            introduced = List.copyOf(introduced);
        }
    }

    /**
     * (extension) One shortest walk from {@code source} to {@code target} over {@code edge} of
     * {@code minHops..maxHops} edges (fewest edges, or least sum of {@code weight}), bound to {@code path}.
     *
     * @param maxHops the upper bound, or null for none
     * @param weight the numeric edge property to sum, or null to count hops; edges whose weight is null are not
     *     walked
     */
    public record ShortestPath(
            String path,
            String source,
            EdgeType edge,
            Direction direction,
            int minHops,
            Integer maxHops,
            Property weight,
            String target)
            implements Clause {}

    /** A resolved filter operator; {@code contains} is resolved by its left operand's type. */
    public enum Op {
        EQ,
        NE,
        LT,
        LE,
        GT,
        GE,
        /** The list on the left has the value on the right as an element. */
        LIST_CONTAINS,
        /** The String on the left contains the String on the right (exact, case-sensitive). */
        STRING_CONTAINS,
        /** The String on the left starts with the String on the right (exact, case-sensitive). */
        STARTS_WITH
    }

    // ---- expressions

    /** A checked expression with its type. */
    public sealed interface Expr
            permits PropertyRef, NodeRef, ParamRef, Literal, Now, Aggregate, AliasRef, PathCall, Nearest {
        ValueType type();
    }

    /**
     * {@code $variable.property} of a node or edge variable; nullable when the property is or the variable is
     * optional.
     */
    public record PropertyRef(String variable, Property property, ValueType type) implements Expr {}

    /** A node variable, whole. */
    public record NodeRef(String variable, NodeType nodeType, ValueType type) implements Expr {}

    /** A query parameter. */
    public record ParamRef(String name, ValueType type) implements Expr {}

    /**
     * A literal: {@code value} is a {@code String}, {@code Long}, {@code Double}, {@code Boolean},
     * {@code java.time.LocalDate}, {@code java.time.Instant} or a {@code List} of those.
     */
    public record Literal(Object value, ValueType type) implements Expr {}

    /** {@code now()}: a non-null {@code DateTime}, one value per query run. */
    public record Now(ValueType type) implements Expr {}

    /**
     * An aggregate over the rows of each group: {@code count} is a non-null {@code I64}; {@code sum} and {@code avg}
     * a nullable {@code F64}; {@code min} and {@code max} the argument's type, nullable.
     */
    public record Aggregate(Ast.AggregateFunction function, Expr argument, ValueType type) implements Expr {}

    /** The projection at {@code index} by its alias. */
    public record AliasRef(String alias, int index, ValueType type) implements Expr {}

    /** (extension) {@code length}, {@code cost} or {@code nodes} of a path variable. */
    public record PathCall(Ast.PathFunction function, String path, ValueType type) implements Expr {}

    /**
     * {@code nearest(vector, query)}: {@code 1 - cos} between a row's {@code Vector(n)} property and the query vector
     * (a parameter or a literal of {@code n} numbers), a nullable {@code F64}: null when the row's vector is null or
     * the cosine is undefined (a zero vector).
     */
    public record Nearest(PropertyRef vector, Expr query, ValueType type) implements Expr {}

    /** A result column: {@code name} is the alias or, without one, the property, variable or function name. */
    public record Projection(String name, Expr expr) {}

    /**
     * An ordering key: a {@link PropertyRef} (of the matched rows) or an {@link AliasRef} (a result column). In a
     * query with aggregates it is always an {@link AliasRef}: ordering runs on the grouped result.
     */
    public record Ordering(Expr expr, boolean descending) {}

    // ---- mutations

    public sealed interface Statement permits InsertNode, InsertEdge, Update, DeleteNodes, DeleteEdges {}

    /** Inserts one node (an upsert by id when the type has a {@code @key}). */
    public record InsertNode(NodeType type, List<Assignment> assignments) implements Statement {
        public InsertNode {
            assignments = List.copyOf(assignments);
        }
    }

    /** Inserts one edge from the node with id {@code from} to the node with id {@code to} (both {@code String}). */
    public record InsertEdge(EdgeType type, Expr from, Expr to, List<Assignment> assignments) implements Statement {
        public InsertEdge {
            assignments = List.copyOf(assignments);
        }
    }

    /** Sets properties of the nodes that match {@code where}. */
    public record Update(NodeType type, List<Assignment> assignments, Predicate where) implements Statement {
        public Update {
            assignments = List.copyOf(assignments);
        }
    }

    /** Deletes the nodes that match {@code where}, and their edges. */
    public record DeleteNodes(NodeType type, Predicate where) implements Statement {}

    /** Deletes the edges that match {@code where}. */
    public record DeleteEdges(EdgeType type, Predicate where) implements Statement {}

    /** {@code property: value}; the value is a {@link Literal}, {@link ParamRef} or {@link Now}. */
    public record Assignment(Property property, Expr value) {}

    /**
     * {@code field op value}: {@code field} is a property name (then {@code property} is it), or on an edge type
     * {@code from} or {@code to}, the endpoint ids (then {@code property} is null).
     */
    public record Predicate(String field, Property property, Op op, Expr value) {}
}
