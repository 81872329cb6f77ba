package dev.plainlance.graph;

import dev.plainlance.lance.error.LanceException;

/**
 * A change breaks the schema: a key or endpoint that must (not) exist, a missing required property, a value of the
 * wrong type or outside its {@code @range}, {@code @check} or enum, or an {@code @card} bound. Nothing was written.
 * Not retryable: the same change fails again.
 */
public final class ConstraintViolationException extends LanceException {
    private static final long serialVersionUID = 1L;

    private final String constraint;
    private final String type;
    private final String entity;

    /**
     * @param constraint what is broken, e.g. {@code key}, {@code endpoint}, {@code required}, {@code @card(1..1)}
     * @param type the node or edge type
     * @param entity the id (or key) of the entity breaking it
     */
    public ConstraintViolationException(String constraint, String type, String entity, String detail) {
        super(type + " " + entity + " breaks " + constraint + ": " + detail);
        this.constraint = constraint;
        this.type = type;
        this.entity = entity;
    }

    public String constraint() {
        return constraint;
    }

    public String type() {
        return type;
    }

    public String entity() {
        return entity;
    }
}
