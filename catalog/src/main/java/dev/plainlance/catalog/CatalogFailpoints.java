package dev.plainlance.catalog;

import dev.plainlance.lance.failpoint.Failpoint;
import java.util.List;

/** Failpoints of the catalog publish. */
public final class CatalogFailpoints {
    /** Expected versions checked against state N; version N+1 not yet created. */
    public static final Failpoint PUBLISH_CHECKED = Failpoint.define(
            "catalog.publish.checked", "expected versions checked, next __manifest version not yet created");

    public static final List<Failpoint> ALL = List.of(PUBLISH_CHECKED);

    private CatalogFailpoints() {}
}
