package dev.plainlance.graph.schema;

import java.math.BigDecimal;

/** The bounds of {@code @range(min..max)}; either bound may be open (null). Bounds are inclusive. */
public record Range(BigDecimal min, BigDecimal max) {

    public String toSource() {
        return (min == null ? "" : min.toPlainString()) + ".." + (max == null ? "" : max.toPlainString());
    }
}
