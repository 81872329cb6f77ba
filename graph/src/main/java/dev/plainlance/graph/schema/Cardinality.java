package dev.plainlance.graph.schema;

/**
 * An edge's {@code @card(min..max)}: how many edges of the type each source node may have. {@code max == null}
 * means unbounded; the default is {@code 0..}.
 */
public record Cardinality(long min, Long max) {
    public static final Cardinality DEFAULT = new Cardinality(0, null);

    public boolean isDefault() {
        return equals(DEFAULT);
    }

    public String toSource() {
        return "@card(" + min + ".." + (max == null ? "" : max.toString()) + ")";
    }
}
