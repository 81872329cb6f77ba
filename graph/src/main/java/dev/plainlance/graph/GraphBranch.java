package dev.plainlance.graph;

import dev.plainlance.catalog.CatalogBranch;
import dev.plainlance.catalog.CatalogSnapshot;
import java.util.Optional;

/**
 * A branch of the graph.
 *
 * @param name its name ({@code main} for the main branch)
 * @param head the id of its newest commit
 * @param parent the branch it was created from; empty for main and for branches made before branches had parents
 * @param forkCommit the commit it was created from; empty for main
 */
public record GraphBranch(String name, String head, Optional<String> parent, Optional<String> forkCommit) {

    static GraphBranch of(CatalogSnapshot state, String name) {
        Optional<CatalogBranch> info = Optional.ofNullable(state.branchInfo().get(name));
        return new GraphBranch(
                name,
                state.headOf(name).orElse(state.head().id()),
                info.map(CatalogBranch::parent),
                info.map(CatalogBranch::forkCommit));
    }
}
