package dev.plainlance.lance.index;

import java.util.Optional;

/**
 * Build parameters of an index, as {@code org.lance.index.IndexParams}: for BTREE and BITMAP only the defaults of
 * official 7.0.0 are built (4096-row BTREE pages), so the JSON parameters are recorded but not interpreted.
 */
public final class IndexParams {
    private final Optional<String> jsonParams;

    private IndexParams(Optional<String> jsonParams) {
        this.jsonParams = jsonParams;
    }

    public static IndexParams defaults() {
        return new IndexParams(Optional.empty());
    }

    /** Parameters given as the official library's JSON string. */
    public static IndexParams json(String params) {
        return new IndexParams(Optional.of(params));
    }

    public Optional<String> getJsonParams() {
        return jsonParams;
    }
}
