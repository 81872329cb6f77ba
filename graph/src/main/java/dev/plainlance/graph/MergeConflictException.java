package dev.plainlance.graph;

import dev.plainlance.lance.error.LanceException;
import java.util.List;

/** A merge refused because of conflicts, all of them listed; nothing was written. */
public final class MergeConflictException extends LanceException {
    private final List<MergeConflict> conflicts;

    public MergeConflictException(String source, String target, List<MergeConflict> conflicts) {
        super("merge of " + source + " into " + target + " refused, nothing written: " + conflicts.size()
                + (conflicts.size() == 1 ? " conflict: " : " conflicts: ")
                + String.join(
                        "; ", conflicts.stream().map(MergeConflict::toString).toList()));
        this.conflicts = List.copyOf(conflicts);
    }

    public List<MergeConflict> conflicts() {
        return conflicts;
    }
}
