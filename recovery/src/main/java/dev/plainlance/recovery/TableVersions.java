package dev.plainlance.recovery;

import dev.plainlance.lance.Dataset;
import dev.plainlance.lance.ReadOptions;
import dev.plainlance.lance.commit.Committer;
import dev.plainlance.lance.commit.ManifestBuilder;
import dev.plainlance.lance.env.Env;
import dev.plainlance.lance.error.NotFoundException;
import dev.plainlance.lance.io.Storage;
import dev.plainlance.lance.pb.table.Transaction;
import dev.plainlance.lance.table.ManifestNaming;
import dev.plainlance.lance.table.ManifestStore;
import java.util.Optional;

/** What the multi-table protocol needs to know about, and do to, one table's Lance versions. */
final class TableVersions {
    private final Storage storage;
    private final ManifestStore manifests;

    TableVersions(Storage storage) {
        this.storage = storage;
        this.manifests = new ManifestStore(storage);
    }

    /** The versions of one line (main, or a Lance branch) of the table at {@code path}. */
    static TableVersions of(dev.plainlance.catalog.Catalog catalog, String path, java.util.Optional<String> line) {
        return new TableVersions(catalog.tableLines(path).root(line));
    }

    /** The newest version, 0 when the table has none. */
    long head() {
        return manifests.latest().map(ManifestStore.Location::version).orElse(0L);
    }

    /** The uuid of the transaction that made {@code version}, empty when the version does not exist. */
    Optional<String> uuidAt(long version) {
        ManifestStore.Location location;
        try {
            location = manifests.locate(version);
        } catch (NotFoundException absent) {
            return Optional.empty();
        }
        return Optional.of(manifests
                .transaction(manifests.load(location))
                .map(Transaction::getUuid)
                .orElse(""));
    }

    /** Live rows at {@code version}. */
    long rowCount(long version) {
        try (Dataset dataset = Dataset.open(
                storage,
                storage.describe(""),
                new ReadOptions.Builder().setVersion(version).build())) {
            return dataset.countRows();
        }
    }

    /**
     * Commits, exactly as version {@code readVersion + 1}, a restore of the content of version {@code target},
     * carrying {@code uuid} so that a later look can tell this restore from any other commit.
     */
    long restoreExactly(long readVersion, long target, String uuid, Env env) {
        Transaction restore = Transaction.newBuilder()
                .setReadVersion(readVersion)
                .setUuid(uuid)
                .setRestore(Transaction.Restore.newBuilder().setVersion(target))
                .build();
        return new Committer(storage, env)
                .commitExactly(restore, ManifestNaming.V2, new ManifestBuilder.NewDatasetOptions("", false))
                .version();
    }
}
