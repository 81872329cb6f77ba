package dev.plainlance.catalog;

import java.util.Objects;

/**
 * A branch of the catalog made by {@link CatalogChange.CreateBranch}: it starts with its parent's pins at the fork
 * commit and writes each table on a Lance branch of its own, forked lazily from whatever its pin names on the table's
 * first write and named {@code {lanceBranch}.{operation}}.
 *
 * @param name the catalog branch name
 * @param lanceBranch the prefix of the names of the Lance branches it forks; unique per creation, so a branch deleted
 *     and created again never writes on the Lance branches of the earlier one
 * @param parent the branch it was created from
 * @param forkCommit the commit it was created from: its first head
 */
public record CatalogBranch(String name, String lanceBranch, String parent, String forkCommit) {
    public CatalogBranch {
        TableKeys.checkBranch(name);
        TableKeys.checkBranch(lanceBranch);
        TableKeys.checkBranch(parent);
        Objects.requireNonNull(forkCommit, "forkCommit");
        if (name.equals(CatalogSnapshot.MAIN)) {
            throw new InvalidNameException("the branch 'main' always exists and cannot be created");
        }
    }

    /**
     * Whether the Lance branch {@code lanceName} is one this catalog branch forked: each fork of a table gets a name of
     * its own, {@code {lanceBranch}.{operation}}, so that forks of concurrent attempts never share a root.
     */
    public boolean owns(String lanceName) {
        return lanceName.startsWith(lanceBranch + ".");
    }

    /** The name of the fork of a table made by operation {@code operationId}. */
    public String forkName(String operationId) {
        return lanceBranch + "." + operationId.toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * Whether {@code branch} of {@code state} may write the table whose pin is {@code pin} in place (on the pin's own
     * line): main and branches made before branches existed write the main line; a created branch writes only Lance
     * branches it forked, so it must fork anything else first.
     */
    public static boolean writesInPlace(CatalogSnapshot state, String branch, Pin pin) {
        CatalogBranch info = state.branchInfo().get(branch);
        if (info == null) {
            return pin.lanceBranch().isEmpty();
        }
        return pin.lanceBranch().map(info::owns).orElse(false);
    }
}
