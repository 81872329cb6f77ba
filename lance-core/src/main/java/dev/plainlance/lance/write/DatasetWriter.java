package dev.plainlance.lance.write;

import dev.plainlance.lance.LanceException;
import dev.plainlance.lance.UnsupportedFeatureException;
import dev.plainlance.lance.WriteParams;
import dev.plainlance.lance.commit.Committer;
import dev.plainlance.lance.commit.DatasetFailpoints;
import dev.plainlance.lance.commit.ManifestBuilder;
import dev.plainlance.lance.failpoint.Failpoints;
import dev.plainlance.lance.file.LanceFileVersion;
import dev.plainlance.lance.file.write.WriterOptions;
import dev.plainlance.lance.io.Storage;
import dev.plainlance.lance.pb.table.DataFragment;
import dev.plainlance.lance.pb.table.Manifest;
import dev.plainlance.lance.pb.table.Transaction;
import dev.plainlance.lance.schema.LanceSchema;
import dev.plainlance.lance.table.ManifestNaming;
import dev.plainlance.lance.table.ManifestStore;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Create, append and overwrite, in two phases: {@link #stage} writes the data files and returns an uncommitted
 * transaction (nothing becomes visible), {@link Committer} makes it a version.
 */
public final class DatasetWriter {
    /** A staged write: the transaction plus how to commit it if it creates the dataset. */
    public record StagedWrite(
            Transaction transaction, ManifestNaming naming, ManifestBuilder.NewDatasetOptions creation) {}

    private final Storage storage;
    private final DataFileNames names;
    private final Supplier<UUID> transactionIds;

    public DatasetWriter(Storage storage, DataFileNames names, Supplier<UUID> transactionIds) {
        this.storage = storage;
        this.names = names;
        this.transactionIds = transactionIds;
    }

    /** Writes the data files for {@code data} according to {@code params}; commits nothing. */
    public StagedWrite stage(ArrowReader data, WriteParams params) throws IOException {
        ManifestStore manifests = new ManifestStore(storage);
        Optional<ManifestStore.Location> latest = manifests.latest();
        Optional<Manifest> current = latest.map(l -> manifests.load(l).manifest());
        if (params.getMode() == WriteParams.WriteMode.CREATE && current.isPresent()) {
            throw new LanceException("a dataset already exists at " + storage.describe("") + " (version "
                    + latest.get().version() + "); use mode APPEND or OVERWRITE");
        }
        if (current.isPresent()
                && params.isEnableStableRowIds()
                && (current.get().getReaderFeatureFlags() & dev.plainlance.lance.table.FeatureFlags.STABLE_ROW_IDS)
                        == 0) {
            throw new IllegalArgumentException("stable row ids can only be enabled when a dataset is created");
        }
        Schema input = data.getVectorSchemaRoot().getSchema();
        boolean append = params.getMode() == WriteParams.WriteMode.APPEND && current.isPresent();
        LanceSchema schema;
        String version;
        if (append) {
            schema = LanceSchema.fromProto(
                    current.get().getFieldsList(), current.get().getSchemaMetadataMap());
            requireSameColumns(schema.toArrow(), input);
            version = current.get().getDataFormat().getVersion();
        } else {
            schema = LanceSchema.fromArrow(input);
            version = params.getDataStorageVersion()
                    .orElse(current.map(m -> m.getDataFormat().getVersion()).orElse("2.1"));
        }
        List<DataFragment> fragments = new FragmentWriter(
                        storage,
                        schema,
                        fileVersion(version),
                        params.getMaxRowsPerFile(),
                        names,
                        WriterOptions.defaults().withFsstStrings(params.isFsstStrings()))
                .write(data);
        Transaction.Builder txn = Transaction.newBuilder()
                .setReadVersion(latest.map(ManifestStore.Location::version).orElse(0L))
                .setUuid(transactionIds.get().toString());
        if (append) {
            txn.setAppend(Transaction.Append.newBuilder().addAllFragments(fragments));
        } else {
            txn.setOverwrite(Transaction.Overwrite.newBuilder()
                    .addAllFragments(fragments)
                    .addAllSchema(schema.toProto())
                    .putAllSchemaMetadata(schema.metadataProto()));
        }
        ManifestNaming naming = params.isEnableV2ManifestPaths() ? ManifestNaming.V2 : ManifestNaming.V1;
        String requested = append ? "" : params.getDataStorageVersion().orElse(current.isPresent() ? "" : version);
        Failpoints.hit(DatasetFailpoints.STAGED);
        return new StagedWrite(
                txn.build(), naming, new ManifestBuilder.NewDatasetOptions(requested, params.isEnableStableRowIds()));
    }

    /** The file format to write for a dataset's data storage version ("2.0" or "2.1"). */
    public static LanceFileVersion fileVersion(String version) {
        return switch (version) {
            case "2.0" -> LanceFileVersion.V2_0;
            case "2.1" -> LanceFileVersion.V2_1;
            default ->
                throw new UnsupportedFeatureException(
                        "plainlance cannot write Lance file format " + version + " yet (it writes 2.0 and 2.1)");
        };
    }

    private static void requireSameColumns(Schema dataset, Schema input) {
        if (!sameShape(dataset.getFields(), input.getFields())) {
            throw new IllegalArgumentException(
                    "the appended data's schema " + input + " does not match the dataset's schema " + dataset);
        }
    }

    /** Same names, types and nesting; nullability and metadata may differ. */
    private static boolean sameShape(List<Field> expected, List<Field> actual) {
        if (expected.size() != actual.size()) {
            return false;
        }
        for (int i = 0; i < expected.size(); i++) {
            Field e = expected.get(i);
            Field a = actual.get(i);
            if (!e.getName().equals(a.getName())
                    || !e.getType().equals(a.getType())
                    || !sameShape(e.getChildren(), a.getChildren())) {
                return false;
            }
        }
        return true;
    }
}
