package dev.plainlance.lance;

import dev.plainlance.lance.operation.Append;
import dev.plainlance.lance.operation.CommitFragments;
import dev.plainlance.lance.operation.Delete;
import dev.plainlance.lance.operation.Merge;
import dev.plainlance.lance.operation.Operation;
import dev.plainlance.lance.operation.Overwrite;
import dev.plainlance.lance.operation.Update;
import dev.plainlance.lance.pb.table.DataFragment;
import dev.plainlance.lance.schema.LanceSchema;
import java.util.List;

/** Turns the public operations of {@link SourcedTransaction} into the commits that stage them. */
final class SourcedCommits {
    private SourcedCommits() {}

    static CommitFragments of(Operation operation) {
        if (operation instanceof Append append) {
            return CommitFragments.append(protos(append.fragments()));
        }
        if (operation instanceof Overwrite overwrite) {
            return CommitFragments.overwrite(
                    protos(overwrite.fragments()),
                    LanceSchema.fromArrow(overwrite.schema()),
                    overwrite.configUpsertValues());
        }
        if (operation instanceof Delete delete) {
            return CommitFragments.delete(
                    protos(delete.updatedFragments()), delete.deletedFragmentIds(), delete.predicate());
        }
        if (operation instanceof Update update) {
            return CommitFragments.update(
                    update.removedFragmentIds(),
                    protos(update.updatedFragments()),
                    protos(update.newFragments()),
                    ids(update.fieldsModified()),
                    ids(update.fieldsForPreservingFragBitmap()),
                    update.updateMode().orElse(Update.UpdateMode.RewriteRows) == Update.UpdateMode.RewriteColumns);
        }
        Merge merge = (Merge) operation;
        return CommitFragments.merge(protos(merge.fragments()), merge.schema());
    }

    private static List<Integer> ids(long[] fields) {
        return java.util.Arrays.stream(fields)
                .mapToInt(Math::toIntExact)
                .boxed()
                .toList();
    }

    private static List<DataFragment> protos(List<FragmentMetadata> fragments) {
        return fragments.stream().map(FragmentMetadata::proto).toList();
    }
}
