package dev.plainlance.graph;

/**
 * One entity that differs between two commits.
 *
 * @param before the entity at the older commit; null when inserted
 * @param after the entity at the newer commit; null when deleted
 */
public record EntityChange(Kind kind, String type, String id, Entity before, Entity after) {
    public enum Kind {
        INSERTED,
        UPDATED,
        DELETED
    }
}
