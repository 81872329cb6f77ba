package dev.plainlance.lance;

import dev.plainlance.lance.env.Env;
import dev.plainlance.lance.error.LanceException;
import dev.plainlance.lance.io.Storage;
import dev.plainlance.lance.table.TableSnapshot;
import java.util.Optional;

/**
 * The lines of history of one Lance table: its main line and its branches, addressed from the storage of the main
 * root, for layers (the catalog) that keep table versions as (branch, version) pairs.
 */
public final class TableLines {
    private final Storage main;
    private final String mainName;

    /** The table whose main root is {@code main}, named {@code mainName} (the URI base paths resolve against). */
    public TableLines(Storage main, String mainName) {
        this.main = main;
        this.mainName = mainName;
    }

    /** The storage of the root of {@code branch} (empty for the main line). */
    public Storage root(Optional<String> branch) {
        return DatasetRoots.of(main, mainName, Optional.empty()).root(branch);
    }

    /** The name (URI) of the root of {@code branch}. */
    public String name(Optional<String> branch) {
        return DatasetRoots.of(main, mainName, Optional.empty()).uri(branch);
    }

    /** Version {@code version} of {@code branch}. */
    public TableSnapshot at(Optional<String> branch, long version) {
        return TableSnapshot.at(root(branch), name(branch), version);
    }

    /**
     * Makes the new branch {@code name} start at version {@code version} of {@code from}, and returns its first
     * version (numbered {@code version}).
     *
     * @throws LanceException if a branch of that name exists, or a root of that name holds versions
     */
    public TableSnapshot fork(Optional<String> from, long version, String name, Env env) {
        Dataset table = Dataset.of(TableSnapshot.latest(main, mainName), env);
        Ref source = from.map(b -> Ref.ofBranch(b, version)).orElse(Ref.ofMain(version));
        return table.createBranch(name, source).snapshot();
    }
}
