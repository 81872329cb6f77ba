package dev.plainlance.lance.operation;

import dev.plainlance.lance.commit.ManifestBuilder;
import dev.plainlance.lance.env.Env;
import dev.plainlance.lance.error.LanceException;
import dev.plainlance.lance.pb.table.DataFragment;
import dev.plainlance.lance.pb.table.Transaction;
import dev.plainlance.lance.schema.LanceSchema;
import dev.plainlance.lance.table.ManifestNaming;
import dev.plainlance.lance.table.TableSnapshot;
import dev.plainlance.lance.write.DatasetWriter;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Commits fragments whose data files were written earlier, possibly by another process (the official
 * {@code commitAppend} / {@code commitOverwrite}, and {@code Fragment.create} followed by a commit as Spark and Ray
 * do). Nothing is read or written at staging: the transaction only names the files. Fragments with id 0 get new
 * ids at commit.
 */
public final class CommitFragments implements TableOperation {
    private final List<DataFragment> fragments;
    /** The schema of an overwrite; empty for an append. */
    private final Optional<LanceSchema> schema;

    private final Map<String, String> config;
    private final Optional<String> tag;
    private final Map<String, String> properties;

    private CommitFragments(List<DataFragment> fragments, Optional<LanceSchema> schema, Map<String, String> config) {
        this(fragments, schema, config, Optional.empty(), Map.of());
    }

    private CommitFragments(
            List<DataFragment> fragments,
            Optional<LanceSchema> schema,
            Map<String, String> config,
            Optional<String> tag,
            Map<String, String> properties) {
        if (fragments.isEmpty()) {
            throw new IllegalArgumentException("fragments cannot be null or empty");
        }
        this.fragments = List.copyOf(fragments);
        this.schema = schema;
        this.config = Map.copyOf(config);
        this.tag = tag;
        this.properties = Map.copyOf(properties);
    }

    /** This commit with the transaction's {@code tag} and {@code transaction_properties} set. */
    public CommitFragments withTransactionInfo(Optional<String> tag, Map<String, String> properties) {
        return new CommitFragments(fragments, schema, config, tag, properties);
    }

    /** Adds {@code fragments} to the table, which must exist. */
    public static CommitFragments append(List<DataFragment> fragments) {
        return new CommitFragments(fragments, Optional.empty(), Map.of());
    }

    /**
     * Replaces the table's content and schema with {@code fragments} laid out by {@code schema} (creating the table
     * if absent), also setting {@code config}.
     */
    public static CommitFragments overwrite(
            List<DataFragment> fragments, LanceSchema schema, Map<String, String> config) {
        return new CommitFragments(fragments, Optional.of(Objects.requireNonNull(schema, "schema")), config);
    }

    @Override
    public StagedTransaction stage(TableSnapshot base, Env env) {
        Transaction.Builder txn = Transaction.newBuilder()
                .setReadVersion(base.exists() ? base.version() : 0)
                .setUuid(env.newUuid().toString())
                .putAllTransactionProperties(properties);
        tag.ifPresent(txn::setTag);
        if (schema.isEmpty()) {
            if (!base.exists()) {
                throw new LanceException("cannot append fragments to "
                        + base.storage().describe("") + ": no dataset there (commit an overwrite to create one)");
            }
            txn.setAppend(Transaction.Append.newBuilder().addAllFragments(fragments));
        } else {
            txn.setOverwrite(Transaction.Overwrite.newBuilder()
                    .addAllFragments(fragments)
                    .addAllSchema(schema.get().toProto())
                    .putAllSchemaMetadata(schema.get().metadataProto())
                    .putAllConfigUpsertValues(config));
        }
        ManifestNaming naming = base.exists() ? base.naming() : ManifestNaming.V2;
        String version = base.exists() ? "" : dataStorageVersion(fragments.get(0));
        long rows = fragments.stream().mapToLong(DataFragment::getPhysicalRows).sum();
        return StagedTransaction.ofWrite(
                base,
                new DatasetWriter.StagedWrite(
                        txn.build(), naming, new ManifestBuilder.NewDatasetOptions(version, false)),
                OperationResult.rows(rows));
    }

    /** The data storage version a new table takes from its first data file, e.g. "2.1". */
    private static String dataStorageVersion(DataFragment fragment) {
        if (fragment.getFilesCount() == 0) {
            return "";
        }
        return fragment.getFiles(0).getFileMajorVersion() + "."
                + fragment.getFiles(0).getFileMinorVersion();
    }

    @Override
    public String describe() {
        return (schema.isEmpty() ? "append " : "overwrite with ") + fragments.size() + " committed fragments";
    }
}
