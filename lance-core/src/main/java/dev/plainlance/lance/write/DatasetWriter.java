package dev.plainlance.lance.write;

import dev.plainlance.lance.commit.ManifestBuilder;
import dev.plainlance.lance.env.Env;
import dev.plainlance.lance.error.LanceException;
import dev.plainlance.lance.error.UnsupportedFeatureException;
import dev.plainlance.lance.file.format.LanceFileVersion;
import dev.plainlance.lance.file.write.WriterOptions;
import dev.plainlance.lance.io.Storage;
import dev.plainlance.lance.pb.table.DataFragment;
import dev.plainlance.lance.pb.table.Transaction;
import dev.plainlance.lance.schema.LanceSchema;
import dev.plainlance.lance.table.ManifestNaming;
import dev.plainlance.lance.table.TableSnapshot;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Create, append and overwrite, in two steps: {@link #write} writes the data files (nothing becomes visible), and
 * {@link #transaction} builds the uncommitted transaction that adds them to a base version. The files written once
 * can back transactions built on several bases, so a write that lost a race is re-planned without rewriting its
 * data.
 */
public final class DatasetWriter {
    /** A staged write: the transaction plus how to commit it if it creates the dataset. */
    public record StagedWrite(
            Transaction transaction, ManifestNaming naming, ManifestBuilder.NewDatasetOptions creation) {}

    /** Data files written for a write, not yet referenced by any version. */
    public record WrittenData(List<DataFragment> fragments, LanceSchema schema, String dataStorageVersion) {}

    private final Storage storage;
    private final DataFileNames names;
    private final ForkJoinPool workers;

    /** A writer into {@code storage}, naming files with {@code env}'s uuids and encoding on its workers. */
    public DatasetWriter(Storage storage, Env env) {
        this.storage = storage;
        this.names = new DataFileNames(env.uuids());
        this.workers = env.workers();
    }

    /**
     * Writes the data files for {@code data} as {@code spec} asks, checked against {@code base} (the latest version,
     * or the absent snapshot for a new dataset); commits nothing.
     */
    public WrittenData write(TableSnapshot base, ArrowReader data, WriteSpec spec) throws IOException {
        check(base, spec);
        Schema input = data.getVectorSchemaRoot().getSchema();
        LanceSchema schema;
        String version;
        if (appends(base, spec)) {
            schema = base.schema();
            requireSameColumns(schema.toArrow(), input);
            version = base.manifest().getDataFormat().getVersion();
        } else {
            schema = LanceSchema.fromArrow(input);
            version = spec.dataStorageVersion()
                    .orElse(base.exists() ? base.manifest().getDataFormat().getVersion() : "2.1");
        }
        List<DataFragment> fragments = new FragmentWriter(
                        storage,
                        schema,
                        fileVersion(version),
                        spec.maxRowsPerFile(),
                        spec.maxBytesPerFile(),
                        names,
                        WriterOptions.defaults()
                                .withFsstStrings(spec.fsstStrings())
                                .withBlobs(spec.blobs())
                                .withWorkers(workers))
                .write(data);
        return new WrittenData(fragments, schema, version);
    }

    /** The uncommitted transaction adding {@code written} to {@code base}, with the given uuid. */
    public static StagedWrite transaction(TableSnapshot base, WrittenData written, WriteSpec spec, String uuid) {
        check(base, spec);
        boolean append = appends(base, spec);
        if (append) {
            requireSameColumns(base.schema().toArrow(), written.schema().toArrow());
        }
        Transaction.Builder txn =
                Transaction.newBuilder().setReadVersion(base.version()).setUuid(uuid);
        if (append) {
            txn.setAppend(Transaction.Append.newBuilder().addAllFragments(written.fragments()));
        } else {
            txn.setOverwrite(Transaction.Overwrite.newBuilder()
                    .addAllFragments(written.fragments())
                    .addAllSchema(written.schema().toProto())
                    .putAllSchemaMetadata(written.schema().metadataProto()));
        }
        ManifestNaming naming = spec.v2ManifestPaths() ? ManifestNaming.V2 : ManifestNaming.V1;
        String requested =
                append ? "" : spec.dataStorageVersion().orElse(base.exists() ? "" : written.dataStorageVersion());
        return new StagedWrite(
                txn.build(), naming, new ManifestBuilder.NewDatasetOptions(requested, spec.stableRowIds()));
    }

    private static boolean appends(TableSnapshot base, WriteSpec spec) {
        return spec.mode() == WriteSpec.Mode.APPEND && base.exists();
    }

    private static void check(TableSnapshot base, WriteSpec spec) {
        if (spec.mode() == WriteSpec.Mode.CREATE && base.exists()) {
            throw new LanceException("a dataset already exists at "
                    + base.storage().describe("") + " (version " + base.version() + "); use mode APPEND or OVERWRITE");
        }
        if (base.exists() && spec.stableRowIds() && !base.hasStableRowIds()) {
            throw new IllegalArgumentException("stable row ids can only be enabled when a dataset is created");
        }
    }

    /** The file format to write for a dataset's data storage version ("2.0" or "2.1"). */
    public static LanceFileVersion fileVersion(String version) {
        return switch (version) {
            case "2.0" -> LanceFileVersion.V2_0;
            case "2.1" -> LanceFileVersion.V2_1;
            case "2.2" -> LanceFileVersion.V2_2;
            default ->
                throw new UnsupportedFeatureException(
                        "plainlance cannot write Lance file format " + version + " yet (it writes 2.0, 2.1 and 2.2)");
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
