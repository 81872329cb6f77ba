package dev.plainlance.lance.commit;

import dev.plainlance.lance.env.Env;
import dev.plainlance.lance.env.Retry;
import dev.plainlance.lance.error.LanceException;
import dev.plainlance.lance.error.LanceIOException;
import dev.plainlance.lance.error.NotFoundException;
import dev.plainlance.lance.io.ObjectAlreadyExistsException;
import dev.plainlance.lance.io.Storage;
import dev.plainlance.lance.pb.table.Transaction;
import dev.plainlance.lance.table.FeatureFlags;
import dev.plainlance.lance.table.ManifestFile;
import dev.plainlance.lance.table.ManifestNaming;
import dev.plainlance.lance.table.ManifestStore;
import dev.plainlance.lance.table.TableSnapshot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;

/**
 * Lance's commit protocol. A transaction built at {@code read_version} becomes version {@code latest + 1}:
 * <ol>
 *   <li>every transaction committed after {@code read_version} is checked against it (the conflict matrix); a
 *       Delete or Update that deleted other rows of the same fragments is rebased row by row
 *       ({@link DeletionRebase});</li>
 *   <li>the transaction is written to {@code _transactions/{read_version}-{uuid}.txn} (a rebased one replaces
 *       it), and after it the next manifest, with the transaction inline, is created with put-if-absent — exactly
 *       one writer wins each version; a loser reloads and goes back to step 1, with bounded, jittered backoff. The
 *       first manifest put goes with the transaction file's write ({@link Storage#putIfAbsentAfter}: a local disk
 *       forces the two files at once, and links the manifest only after the transaction file is in place). A
 *       transaction staged on a snapshot that is still the newest version skips step 1: its manifest is put on
 *       that snapshot straight away, and only when that version is taken does step 1 run;</li>
 *   <li>{@code _versions/latest_version_hint.json} is updated, best effort.</li>
 * </ol>
 * A storage error during the manifest put of step 2 leaves the outcome unknown; it is resolved by reading the
 * manifest at that version and comparing its transaction uuid with ours.
 */
public final class Committer {

    private final Storage storage;
    private final ManifestStore manifests;
    private final Clock clock;
    private final Retry retry;
    private final Env env;

    /** A committer taking its clock, ids, retry policy and failpoint handler from {@code env}. */
    public Committer(Storage storage, Env env) {
        this.storage = storage;
        this.manifests = new ManifestStore(storage);
        this.clock = env.clock();
        this.retry = env.commitRetry();
        this.env = env;
    }

    /**
     * Commits {@code txn}. For a new dataset ({@code read_version} 0) {@code naming} picks the manifest naming
     * scheme; an existing dataset keeps the scheme of its latest manifest.
     *
     * @return the committed version
     * @throws CommitRaceLostException when the version race is still lost after every retry
     * @throws CommitConflictException when a concurrent commit changed what {@code txn} was built from: retrying
     *     the same transaction cannot help, the caller must redo the work on the new version
     * @throws IncompatibleTransactionException when a concurrent commit makes this transaction invalid
     */
    public TableSnapshot commit(Transaction txn, ManifestNaming naming, ManifestBuilder.NewDatasetOptions creation) {
        return commit(txn, naming, creation, Optional.empty());
    }

    /**
     * {@link #commit(Transaction, ManifestNaming, ManifestBuilder.NewDatasetOptions)} of a transaction staged on
     * {@code base}: the newest version is found by probing the versions after the base, and when the base is
     * still the newest its manifest is not read again.
     */
    public TableSnapshot commit(
            Transaction txn,
            ManifestNaming naming,
            ManifestBuilder.NewDatasetOptions creation,
            Optional<TableSnapshot> base) {
        TransactionFile file = new TransactionFile(txn);
        return retry.run(CommitRaceLostException.class, attempt -> attempt(txn, file, naming, creation, false, base));
    }

    /**
     * Commits {@code txn} exactly as version {@code read_version + 1}, or not at all: no rebase over concurrent
     * commits and no retry. This is the compare-and-swap that multi-table commits and catalogs build on: exactly
     * one of several writers that read the same version can succeed, and a writer fenced out by someone else's
     * commit at that version fails instead of landing later.
     *
     * @throws CommitConflictException when version {@code read_version + 1} already exists (checked before
     *     writing and enforced by put-if-absent); nothing of {@code txn} is then visible
     */
    public TableSnapshot commitExactly(
            Transaction txn, ManifestNaming naming, ManifestBuilder.NewDatasetOptions creation) {
        return commitExactly(txn, naming, creation, Optional.empty());
    }

    /** {@link #commitExactly(Transaction, ManifestNaming, ManifestBuilder.NewDatasetOptions)} of a transaction
     * staged on {@code base}, checked against the versions after it as {@link #commit(Transaction, ManifestNaming,
     * ManifestBuilder.NewDatasetOptions, Optional)} does. */
    public TableSnapshot commitExactly(
            Transaction txn,
            ManifestNaming naming,
            ManifestBuilder.NewDatasetOptions creation,
            Optional<TableSnapshot> base) {
        return attempt(txn, new TransactionFile(txn), naming, creation, true, base);
    }

    /**
     * Commits a Clone transaction as the first version of the new dataset in this storage: {@code source}, the
     * manifest of version {@code read_version} of the cloned dataset, with the same version number and its files
     * pointing into the source root. Nothing is retried.
     *
     * @throws IncompatibleTransactionException if a dataset exists here already; nothing of {@code txn} is then
     *     visible
     */
    public TableSnapshot commitClone(Transaction txn, ManifestFile source, ManifestNaming naming) {
        Optional<ManifestStore.Location> existing = manifests.latest();
        if (existing.isPresent()) {
            throw new IncompatibleTransactionException(
                    "a dataset already exists at " + storage.describe(ManifestNaming.VERSIONS_DIR) + " (version "
                            + existing.get().version() + ")");
        }
        writeTransactionFile(txn);
        env.hit(DatasetFailpoints.TRANSACTION_WRITTEN);
        long version = txn.getReadVersion();
        ManifestFile next = ManifestBuilder.build(
                Optional.of(source),
                Optional.empty(),
                txn,
                version,
                clock.instant(),
                new ManifestBuilder.NewDatasetOptions("", false));
        String key = naming.key(version);
        byte[] bytes = next.encode();
        try {
            storage.putIfAbsent(key, bytes);
        } catch (ObjectAlreadyExistsException lost) {
            throw new IncompatibleTransactionException(
                    "a dataset was created at " + storage.describe(ManifestNaming.VERSIONS_DIR) + " meanwhile");
        } catch (IOException e) {
            throw new LanceIOException("cannot write " + storage.describe(key), e);
        }
        env.hit(DatasetFailpoints.MANIFEST_WRITTEN);
        writeHint(version);
        return TableSnapshot.of(
                storage, storage.describe(""), new ManifestStore.Location(version, naming, key, bytes.length), next);
    }

    private TableSnapshot attempt(
            Transaction txn,
            TransactionFile file,
            ManifestNaming naming,
            ManifestBuilder.NewDatasetOptions creation,
            boolean exact,
            Optional<TableSnapshot> base) {
        Optional<ManifestStore.Location> readLocation = base.filter(
                        b -> b.exists() && b.version() == txn.getReadVersion())
                .flatMap(TableSnapshot::location)
                .filter(ManifestStore.Location::written);
        if (readLocation.isPresent()) {
            // the base is most likely still the newest version: write the next one on it straight away; the
            // put-if-absent fails if someone was faster, and then the versions after the base are looked at
            ManifestStore.Location at = readLocation.get();
            ManifestFile current = base.get().file();
            FeatureFlags.checkWritable(current.manifest(), storage.describe(at.key()));
            Optional<TableSnapshot> written = publish(txn, file, current, txn, at.version() + 1, at.naming(), creation);
            if (written.isPresent()) {
                return written.get();
            }
        }
        Optional<ManifestStore.Location> latest =
                readLocation.isPresent() ? Optional.of(manifests.latestFrom(readLocation.get())) : manifests.latest();
        if (exact && latest.map(ManifestStore.Location::version).orElse(0L) != txn.getReadVersion()) {
            throw new CommitConflictException("version " + (txn.getReadVersion() + 1) + " of "
                    + storage.describe(ManifestNaming.VERSIONS_DIR) + " is taken (latest is "
                    + latest.map(ManifestStore.Location::version).orElse(0L) + ")");
        }
        if (txn.getReadVersion() == 0 && latest.isPresent()) {
            throw new IncompatibleTransactionException(
                    "a dataset already exists at " + storage.describe(ManifestNaming.VERSIONS_DIR) + " (version "
                            + latest.get().version() + ")");
        }
        if (txn.getReadVersion() > 0 && latest.isEmpty()) {
            throw new NotFoundException("no dataset to commit to at " + storage.describe(ManifestNaming.VERSIONS_DIR));
        }
        Optional<ManifestFile> current = latest.map(
                at -> at.equals(readLocation.orElse(null)) ? base.get().file() : manifests.load(at));
        current.ifPresent(c -> FeatureFlags.checkWritable(
                c.manifest(), storage.describe(latest.get().key())));
        long latestVersion = latest.map(ManifestStore.Location::version).orElse(0L);
        Transaction mine = txn;
        for (long v = txn.getReadVersion() + 1; v <= latestVersion; v++) {
            ManifestFile concurrent = manifests.load(manifests.locate(v));
            long version = v;
            Transaction theirs = manifests
                    .transaction(concurrent)
                    .orElseThrow(() -> new IncompatibleTransactionException("version " + version
                            + " has no transaction, so a" + " concurrent change cannot be checked against it"));
            try {
                ConflictResolver.check(mine, theirs, v);
            } catch (DeletionOverlapException overlap) {
                mine = new DeletionRebase(storage, env.randomIds())
                        .rebase(
                                mine,
                                theirs,
                                manifests.load(manifests.locate(v - 1)).manifest(),
                                v);
            }
        }
        if (mine != txn) {
            file.rebased(mine);
        }
        long version = latestVersion + 1;
        ManifestNaming scheme = latest.map(ManifestStore.Location::naming).orElse(naming);
        return publish(txn, file, current.orElse(null), mine, version, scheme, creation)
                .orElseThrow(() -> new CommitRaceLostException("lost the race for version " + version + " of "
                        + storage.describe(ManifestNaming.VERSIONS_DIR)));
    }

    /**
     * Writes version {@code version}, built from {@code current} (null for a new dataset) and {@code mine} (the
     * possibly rebased {@code txn}), with put-if-absent, after the transaction file when that is not written yet;
     * empty when that version exists already.
     *
     * @throws CommitRaceLostException when the write failed and the version does not hold {@code txn}
     */
    private Optional<TableSnapshot> publish(
            Transaction txn,
            TransactionFile file,
            ManifestFile current,
            Transaction mine,
            long version,
            ManifestNaming scheme,
            ManifestBuilder.NewDatasetOptions creation) {
        Optional<ManifestFile> restored = txn.hasRestore()
                ? Optional.of(manifests.load(manifests.locate(txn.getRestore().getVersion())))
                : Optional.empty();
        ManifestFile next =
                ManifestBuilder.build(Optional.ofNullable(current), restored, mine, version, clock.instant(), creation);
        String key = scheme.key(version);
        byte[] bytes = next.encode();
        try {
            file.writeThenPut(key, bytes);
        } catch (ObjectAlreadyExistsException lost) {
            return Optional.empty();
        } catch (IOException e) {
            if (!landed(key, txn, e)) {
                throw new CommitRaceLostException(
                        "version " + version + " was not written (" + e.getMessage() + "); retrying");
            }
        }
        env.hit(DatasetFailpoints.MANIFEST_WRITTEN);
        writeHint(version);
        return Optional.of(TableSnapshot.of(
                storage, storage.describe(""), new ManifestStore.Location(version, scheme, key, bytes.length), next));
    }

    /** After an ambiguous write: whether the manifest at {@code key} carries our transaction. */
    private boolean landed(String key, Transaction txn, IOException writeError) {
        Optional<byte[]> bytes;
        try {
            bytes = storage.readIfExists(key);
        } catch (IOException e) {
            CommitOutcomeUnknownException unknown = new CommitOutcomeUnknownException(
                    txn.getUuid(),
                    "cannot tell whether transaction " + txn.getUuid() + " landed at " + storage.describe(key) + ": "
                            + e.getMessage(),
                    e);
            unknown.addSuppressed(writeError);
            throw unknown;
        }
        if (bytes.isEmpty()) {
            return false;
        }
        Optional<Transaction> theirs =
                ManifestFile.decode(bytes.get(), storage.describe(key)).transaction();
        if (theirs.isPresent() && theirs.get().getUuid().equals(txn.getUuid())) {
            return true;
        }
        throw new CommitRaceLostException("lost the race for " + storage.describe(key));
    }

    /**
     * The transaction file of one commit. It is written together with the first manifest put (the manifest becomes
     * visible only after it, see {@link Storage#putIfAbsentAfter}), then replaced if the transaction is rebased.
     * Nothing is written for a commit that fails before its first put.
     */
    private final class TransactionFile {
        private Transaction content;
        private boolean written;

        TransactionFile(Transaction txn) {
            this.content = txn;
        }

        /** The rebased transaction replaces the file, or is what will be written first. */
        void rebased(Transaction mine) {
            content = mine;
            if (written) {
                writeTransactionFile(mine);
            }
        }

        /** Puts the manifest {@code key}, after writing this file the first time. */
        void writeThenPut(String key, byte[] bytes) throws IOException {
            if (written) {
                storage.putIfAbsent(key, bytes);
                return;
            }
            Transaction first = content;
            storage.putIfAbsentAfter(
                    () -> {
                        writeTransactionFile(first);
                        written = true;
                        env.hit(DatasetFailpoints.TRANSACTION_WRITTEN);
                        return null;
                    },
                    key,
                    bytes);
        }
    }

    private void writeTransactionFile(Transaction txn) {
        String key = ManifestStore.TRANSACTIONS_DIR + "/" + ManifestBuilder.transactionFileName(txn);
        try {
            storage.replace(key, txn.toByteArray());
        } catch (IOException e) {
            throw new LanceIOException("cannot write transaction file " + storage.describe(key), e);
        }
    }

    /** The hint is advisory: readers never trust it, so failing to write it does not fail the commit. */
    private void writeHint(long version) {
        try {
            storage.replaceAdvisory(
                    ManifestStore.HINT, ("{\"version\":" + version + "}").getBytes(StandardCharsets.UTF_8));
        } catch (IOException | LanceException ignored) {
            // advisory only
        }
    }
}
