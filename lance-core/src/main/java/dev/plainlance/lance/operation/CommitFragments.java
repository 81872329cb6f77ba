package dev.plainlance.lance.operation;

import dev.plainlance.lance.commit.ManifestBuilder;
import dev.plainlance.lance.env.Env;
import dev.plainlance.lance.error.LanceException;
import dev.plainlance.lance.pb.table.DataFragment;
import dev.plainlance.lance.pb.table.Transaction;
import dev.plainlance.lance.schema.LanceField;
import dev.plainlance.lance.schema.LanceSchema;
import dev.plainlance.lance.table.ManifestNaming;
import dev.plainlance.lance.table.TableSnapshot;
import dev.plainlance.lance.write.ColumnAdder;
import dev.plainlance.lance.write.DatasetWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Commits fragments whose files were written earlier, possibly by another process (the official
 * {@code commitAppend} / {@code commitOverwrite}, {@code Fragment.create}, {@code deleteRows},
 * {@code updateColumns} and {@code mergeColumns} followed by a transaction, as Spark and Ray do). Nothing is
 * written at staging: the transaction only names the files. Fragments with id 0 get new ids at commit. Fragments
 * a delete, update or merge names must exist in the version the transaction was planned on.
 */
public final class CommitFragments implements TableOperation {
    /** Sets the transaction's operation, checked against the version it was planned on. */
    private interface Body {
        void into(Transaction.Builder txn, TableSnapshot base);
    }

    private final Body body;
    private final String description;
    private final long rows;
    /** The first new fragment, whose data file version a created dataset takes; empty unless an overwrite. */
    private final Optional<DataFragment> creating;

    private final Optional<String> tag;
    private final Map<String, String> properties;
    /** The committed transaction's uuid; a new one per staging unless given. */
    private final Optional<String> uuid;

    private CommitFragments(
            Body body,
            String description,
            long rows,
            Optional<DataFragment> creating,
            Optional<String> tag,
            Map<String, String> properties,
            Optional<String> uuid) {
        this.body = body;
        this.description = description;
        this.rows = rows;
        this.creating = creating;
        this.tag = tag;
        this.properties = Map.copyOf(properties);
        this.uuid = uuid;
    }

    private CommitFragments(Body body, String description, long rows, Optional<DataFragment> creating) {
        this(body, description, rows, creating, Optional.empty(), Map.of(), Optional.empty());
    }

    /**
     * This commit with the transaction's {@code tag}, {@code transaction_properties} and, when given, {@code uuid}
     * set (the same uuid for every staging of it, so retries commit one logical transaction).
     */
    public CommitFragments withTransactionInfo(
            Optional<String> tag, Map<String, String> properties, Optional<String> uuid) {
        return new CommitFragments(body, description, rows, creating, tag, properties, uuid);
    }

    /** Adds {@code fragments} to the table, which must exist. */
    public static CommitFragments append(List<DataFragment> fragments) {
        requireSome(fragments);
        List<DataFragment> copy = List.copyOf(fragments);
        return new CommitFragments(
                (txn, base) -> {
                    requireExisting(base, "append fragments to");
                    txn.setAppend(Transaction.Append.newBuilder().addAllFragments(copy));
                },
                "append " + copy.size() + " committed fragments",
                rows(copy),
                Optional.empty());
    }

    /**
     * Replaces the table's content and schema with {@code fragments} laid out by {@code schema} (creating the table
     * if absent), also setting {@code config}.
     */
    public static CommitFragments overwrite(
            List<DataFragment> fragments, LanceSchema schema, Map<String, String> config) {
        requireSome(fragments);
        Objects.requireNonNull(schema, "schema");
        List<DataFragment> copy = List.copyOf(fragments);
        Map<String, String> configCopy = Map.copyOf(config);
        return new CommitFragments(
                (txn, base) -> txn.setOverwrite(Transaction.Overwrite.newBuilder()
                        .addAllFragments(copy)
                        .addAllSchema(schema.toProto())
                        .putAllSchemaMetadata(schema.metadataProto())
                        .putAllConfigUpsertValues(configCopy)),
                "overwrite with " + copy.size() + " committed fragments",
                rows(copy),
                Optional.of(copy.get(0)));
    }

    /** Replaces fragments by copies with new deletion files and drops fragments whole. */
    public static CommitFragments delete(List<DataFragment> updated, List<Long> removed, String predicate) {
        List<DataFragment> updatedCopy = List.copyOf(updated);
        List<Long> removedCopy = List.copyOf(removed);
        return new CommitFragments(
                (txn, base) -> {
                    requireExisting(base, "delete rows of");
                    requireListed(base, ids(updatedCopy, removedCopy));
                    txn.setDelete(Transaction.Delete.newBuilder()
                            .addAllUpdatedFragments(updatedCopy)
                            .addAllDeletedFragmentIds(removedCopy)
                            .setPredicate(predicate));
                },
                "delete rows of " + (updatedCopy.size() + removedCopy.size()) + " committed fragments",
                0,
                Optional.empty());
    }

    /**
     * Replaces fragments by {@code updated} (same ids), removes {@code removed} and adds {@code added}. Fragments it
     * replaces or removes must exist. {@code fieldsModified} are the ids of columns rewritten in place (indices on
     * them stop covering the updated fragments); {@code rewriteColumns} records the official RewriteColumns mode,
     * else RewriteRows.
     */
    public static CommitFragments update(
            List<Long> removed,
            List<DataFragment> updated,
            List<DataFragment> added,
            List<Integer> fieldsModified,
            List<Integer> fieldsForPreservingFragBitmap,
            boolean rewriteColumns) {
        Transaction.Update update = Transaction.Update.newBuilder()
                .addAllRemovedFragmentIds(removed)
                .addAllUpdatedFragments(updated)
                .addAllNewFragments(added)
                .addAllFieldsModified(fieldsModified)
                .addAllFieldsForPreservingFragBitmap(fieldsForPreservingFragBitmap)
                .setUpdateMode(
                        rewriteColumns ? Transaction.UpdateMode.REWRITE_COLUMNS : Transaction.UpdateMode.REWRITE_ROWS)
                .build();
        return new CommitFragments(
                (txn, base) -> {
                    requireExisting(base, "update");
                    requireListed(base, ids(update.getUpdatedFragmentsList(), update.getRemovedFragmentIdsList()));
                    txn.setUpdate(update);
                },
                "update of " + (updated.size() + removed.size()) + " committed fragments and " + added.size()
                        + " new ones",
                rows(added),
                Optional.empty());
    }

    /**
     * Sets the fragment list to {@code fragments} and the schema to {@code schema}. Columns the table has keep their
     * field ids; new columns take ids from the table's next free id in schema order, as
     * {@code Fragment.mergeColumns} assigned them when it wrote their files on the same version.
     *
     * @throws IllegalArgumentException at staging when {@code schema} lacks one of the table's columns
     */
    public static CommitFragments merge(List<DataFragment> fragments, Schema schema) {
        requireSome(fragments);
        List<DataFragment> copy = List.copyOf(fragments);
        Objects.requireNonNull(schema, "schema");
        return new CommitFragments(
                (txn, base) -> {
                    requireExisting(base, "merge columns into");
                    txn.setMerge(Transaction.Merge.newBuilder()
                            .addAllFragments(copy)
                            .addAllSchema(mergedSchema(base, schema)));
                },
                "merge of " + copy.size() + " committed fragments",
                0,
                Optional.empty());
    }

    @Override
    public StagedTransaction stage(TableSnapshot base, Env env) {
        Transaction.Builder txn = Transaction.newBuilder()
                .setReadVersion(base.exists() ? base.version() : 0)
                .setUuid(uuid.orElseGet(() -> env.newUuid().toString()))
                .putAllTransactionProperties(properties);
        tag.ifPresent(txn::setTag);
        body.into(txn, base);
        ManifestNaming naming = base.exists() ? base.naming() : ManifestNaming.V2;
        String version = base.exists()
                ? ""
                : creating.map(CommitFragments::dataStorageVersion).orElse("");
        return StagedTransaction.ofWrite(
                base,
                new DatasetWriter.StagedWrite(
                        txn.build(), naming, new ManifestBuilder.NewDatasetOptions(version, false)),
                OperationResult.rows(rows));
    }

    @Override
    public String describe() {
        return description;
    }

    /** The base's fields by name for existing columns, then the new columns numbered from the next free id. */
    private static List<dev.plainlance.lance.pb.file.Field> mergedSchema(TableSnapshot base, Schema schema) {
        Set<String> named = new HashSet<>();
        List<Field> added = new ArrayList<>();
        for (Field field : schema.getFields()) {
            if (!named.add(field.getName())) {
                throw new IllegalArgumentException("merge schema names column '" + field.getName() + "' twice");
            }
            if (base.schema().fields().stream().noneMatch(f -> f.name().equals(field.getName()))) {
                added.add(field);
            }
        }
        for (LanceField existing : base.schema().fields()) {
            if (!named.contains(existing.name())) {
                throw new IllegalArgumentException("merge schema for " + base.name() + " lacks its column '"
                        + existing.name() + "' (a merge adds columns; drop columns with dropColumns)");
            }
        }
        List<dev.plainlance.lance.pb.file.Field> out =
                new ArrayList<>(base.manifest().getFieldsList());
        if (!added.isEmpty()) {
            out.addAll(LanceSchema.fromArrow(new Schema(added), ColumnAdder.nextFieldId(base.manifest()))
                    .toProto());
        }
        return out;
    }

    private static void requireSome(List<DataFragment> fragments) {
        if (fragments.isEmpty()) {
            throw new IllegalArgumentException("fragments cannot be null or empty");
        }
    }

    private static void requireExisting(TableSnapshot base, String what) {
        if (!base.exists()) {
            throw new LanceException("cannot " + what + " " + base.storage().describe("")
                    + ": no dataset there (commit an overwrite to create one)");
        }
    }

    private static List<Long> ids(List<DataFragment> fragments, List<Long> more) {
        List<Long> ids = new ArrayList<>(more);
        fragments.forEach(f -> ids.add(f.getId()));
        return ids;
    }

    private static void requireListed(TableSnapshot base, List<Long> ids) {
        Set<Long> present = new HashSet<>();
        base.manifest().getFragmentsList().forEach(f -> present.add(f.getId()));
        for (long id : ids) {
            if (!present.contains(id)) {
                throw new IllegalArgumentException(
                        "fragment " + id + " is not in version " + base.version() + " of " + base.name());
            }
        }
    }

    private static long rows(List<DataFragment> fragments) {
        return fragments.stream().mapToLong(DataFragment::getPhysicalRows).sum();
    }

    /** The data storage version a new table takes from its first data file, e.g. "2.1". */
    private static String dataStorageVersion(DataFragment fragment) {
        if (fragment.getFilesCount() == 0) {
            return "";
        }
        return fragment.getFiles(0).getFileMajorVersion() + "."
                + fragment.getFiles(0).getFileMinorVersion();
    }
}
