package dev.plainlance.graph.query;

/**
 * The stable codes of {@code .gq} errors. Each code names one rule; the rule's Omnigraph counterpart, where it has
 * one, is in brackets (Omnigraph reports parse errors as {@code Q000} and type errors as {@code T1}..{@code T24}).
 */
public enum QueryErrorCode {
    /** The text does not follow the grammar (also: an unclosed string or comment, a bad escape) [Q000]. */
    SYNTAX("Q001"),
    /** A literal that is not a value: an integer out of the 64-bit range, a bad {@code date("..")}, a list literal of mixed or nested elements, a hop bound or limit out of range. */
    INVALID_LITERAL("Q002"),
    /** Two queries in one file have the same name. */
    DUPLICATE_QUERY("Q003"),
    /** A query declares the same parameter twice. */
    DUPLICATE_PARAMETER("Q004"),
    /** A parameter type is not one of the {@code .pg} scalars, {@code [T]} or {@code Vector(n)}. */
    PARAMETER_TYPE("Q005"),
    /** A part of Omnigraph's language plainlance does not implement: the search functions {@code nearest}, {@code search}, {@code fuzzy}, {@code match_text}, {@code bm25}, {@code rrf}. */
    UNSUPPORTED("Q006"),
    /** A query annotation other than one {@code @description} and one {@code @instruction}. */
    QUERY_ANNOTATION("Q007"),

    /** A binding names a type that is not a node type of the schema [T1]. */
    UNKNOWN_NODE_TYPE("Q010"),
    /** A traversal names an edge the schema does not have [T4]. */
    UNKNOWN_EDGE_TYPE("Q011"),
    /** A node or edge type has no property of that name [T2, T6, T11]. */
    UNKNOWN_PROPERTY("Q012"),
    /** A variable that is neither a parameter nor bound earlier in the match (or bound only inside a {@code not}) [T6, T14]. */
    UNBOUND_VARIABLE("Q013"),
    /** A variable bound twice incompatibly: to another node type, as node and edge, as a fresh edge or path binding, or with a parameter's name [T23]. */
    VARIABLE_CONFLICT("Q014"),
    /** A traversal operand whose type is not the edge's From/To type in the direction the operands give [T5]; or an edge or path variable as an operand [T23]. */
    ENDPOINT_MISMATCH("Q015"),
    /** Hop bounds {@code {min,max}} with min below 1, max below min, or no max on a traversal [T15]. */
    TRAVERSAL_BOUNDS("Q016"),
    /** An undirected traversal {@code <edge>} over an edge whose From and To types differ [T22]. */
    UNDIRECTED_ASYMMETRIC("Q017"),
    /** An edge binding {@code $w:edge} on a multi-hop traversal, or an edge variable used bare instead of through a property [T23]. */
    EDGE_BINDING("Q018"),
    /** A value or parameter whose type does not fit the property or the other operand; an enum value not in the enum; a possibly-null value for a required property [T3, T7]. */
    TYPE_MISMATCH("Q019"),
    /** An operator its operands do not support: {@code contains} or {@code starts_with} on a non-string, non-list; comparisons of lists, vectors or whole nodes [T7]. */
    OPERATOR("Q020"),
    /** A Blob value read, compared, matched, ordered or aggregated [T24, T3, T7, T11]. */
    BLOB("Q021"),
    /** A {@code not { }} or {@code optional { }} block that references no variable bound outside it [T9]. */
    UNANCHORED_BLOCK("Q022"),

    /** An aggregate over a value it does not take ({@code sum}/{@code avg} need numbers, {@code min}/{@code max} numbers or strings), nested, or outside {@code return} [T8]. */
    AGGREGATE_ARGUMENT("Q030"),
    /** In a query with aggregates, a projection that is neither an aggregate nor a group key ({@code $v} or {@code $v.prop}) [T9]. */
    AGGREGATE_GROUPING("Q031"),
    /** Two projections with the same {@code as} alias. */
    DUPLICATE_ALIAS("Q032"),
    /** A bare name that is no alias of the return clause (in {@code return}: of an earlier projection). */
    UNKNOWN_ALIAS("Q033"),
    /** An order key that is not a property access or a projection alias, not orderable (a node, list or vector), or in a query with aggregates not a projected group key. */
    ORDER_KEY("Q034"),

    /** A mutation names a type that is neither a node nor an edge type [T10]. */
    UNKNOWN_TARGET("Q040"),
    /** An insert leaves out a required property, or an edge insert its {@code from} or {@code to} [T12]. */
    MISSING_PROPERTY("Q041"),
    /** A mutation assigns one property twice [T13]. */
    DUPLICATE_ASSIGNMENT("Q042"),
    /** An update of an edge type (edges are deleted and inserted, not updated) [T16]. */
    EDGE_UPDATE("Q043"),
    /** An update assigns a {@code @key} property (a node's id derives from its key, which is immutable). */
    KEY_UPDATE("Q044"),

    /** (extension) A shortest-path weight that is not a numeric property of the edge. */
    PATH_WEIGHT("Q050"),
    /** (extension) A path variable used other than through {@code length}, {@code cost} or {@code nodes}, or one of those on a non-path variable. */
    PATH_USE("Q051");

    private final String code;

    QueryErrorCode(String code) {
        this.code = code;
    }

    /** The stable code, e.g. {@code Q001}. */
    public String code() {
        return code;
    }

    @Override
    public String toString() {
        return code;
    }
}
