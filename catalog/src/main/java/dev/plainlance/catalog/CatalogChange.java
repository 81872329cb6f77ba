package dev.plainlance.catalog;

import java.util.Objects;

/** One change a publish applies to the catalog state. */
public interface CatalogChange {

    /** Registers a table under {@code key}, stored at {@code path} relative to the catalog root. */
    record RegisterTable(String key, String path) implements CatalogChange {
        public RegisterTable {
            TableKeys.check(key);
            TableKeys.checkPath(path);
        }
    }

    /** Removes {@code key} from the registered tables and leaves a tombstone; its pins go with it. */
    record DropTable(String key) implements CatalogChange {
        public DropTable {
            TableKeys.check(key);
        }
    }

    /** Publishes {@code pin} as the version of {@code key} that readers of {@code branch} see. */
    record SetPin(String branch, String key, Pin pin) implements CatalogChange {
        public SetPin {
            TableKeys.checkBranch(branch);
            TableKeys.check(key);
            Objects.requireNonNull(pin, "pin");
        }
    }

    /**
     * Marks a multi-table operation as aborted: from this version on, a publish on behalf of that operation is
     * refused. Recovery records this, inside the same compare-and-swap as everything else, before it undoes any
     * of the operation's table commits.
     */
    record MarkAborted(String operationId) implements CatalogChange {
        public MarkAborted {
            Objects.requireNonNull(operationId, "operationId");
        }
    }

    /**
     * Forgets aborted operations: removes them from the aborted set and raises the state's operation floor to the
     * version this change creates, so that every publish on behalf of an operation planned on an older state is
     * refused. Only recovery publishes it, for operations whose sidecars it saw gone before it read the state that
     * marks them aborted (docs/multi-table-commits.md, "Forgetting aborted operations").
     */
    record ForgetAborted(java.util.Set<String> operationIds) implements CatalogChange {
        public ForgetAborted {
            operationIds = java.util.Set.copyOf(operationIds);
            if (operationIds.isEmpty()) {
                throw new IllegalArgumentException("nothing to forget");
            }
        }
    }

    /**
     * Creates {@code branch}: its head becomes its fork commit. Its pins are set by {@link SetPin} changes of the same
     * publish (those of its parent at the fork commit); the publish must not advance any branch otherwise.
     */
    record CreateBranch(CatalogBranch branch) implements CatalogChange {
        public CreateBranch {
            Objects.requireNonNull(branch, "branch");
        }
    }

    /** Removes {@code name} with its pins and head; the tables' files stay until cleanup. */
    record DeleteBranch(String name) implements CatalogChange {
        public DeleteBranch {
            TableKeys.checkBranch(name);
            if (name.equals(CatalogSnapshot.MAIN)) {
                throw new InvalidNameException("the branch 'main' cannot be deleted");
            }
        }
    }

    /**
     * Makes the commit this publish creates a commit of {@code branch} (even one that changes no table) with
     * {@code commitId} as a further parent: a merge's source head.
     */
    record MergeParent(String branch, String commitId) implements CatalogChange {
        public MergeParent {
            TableKeys.checkBranch(branch);
            Objects.requireNonNull(commitId, "commitId");
        }
    }
}
