package dev.plainlance.graph;

import java.util.Objects;

/**
 * One reason a merge cannot be made.
 *
 * @param kind what kind of conflict
 * @param type the node or edge type
 * @param id the entity's id
 * @param detail what each side did, in one line
 */
public record MergeConflict(Kind kind, String type, String id, String detail) {
    /** The kinds of merge conflicts. */
    public enum Kind {
        /** Both branches inserted the entity, with different values. */
        DIVERGENT_INSERT,
        /** Both branches changed the same property of the entity to different values. */
        DIVERGENT_UPDATE,
        /** One branch deleted the entity, the other changed it. */
        DELETE_VS_UPDATE,
        /** An edge one branch wrote would point at a node the other branch deleted. */
        ORPHAN_EDGE,
        /** Entities of the two branches would share a {@code @unique} tuple. */
        UNIQUE_VIOLATION,
        /** A node would have a number of edges outside the edge type's {@code @card}. */
        CARDINALITY_VIOLATION,
        /** A value the source wrote breaks a constraint the target's schema has ({@code @range}, {@code @check}, enum). */
        VALUE_CONSTRAINT_VIOLATION
    }

    public MergeConflict {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(detail, "detail");
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + " " + type + " " + id + ": " + detail;
    }
}
