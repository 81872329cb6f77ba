package dev.plainlance.lance.maintenance;

import dev.plainlance.lance.error.LanceIOException;
import dev.plainlance.lance.failpoint.Failpoints;
import dev.plainlance.lance.file.blob.BlobSidecars;
import dev.plainlance.lance.fragment.DeletionFile;
import dev.plainlance.lance.index.IndexDirectories;
import dev.plainlance.lance.io.ObjectInfo;
import dev.plainlance.lance.io.Storage;
import dev.plainlance.lance.pb.table.DataFile;
import dev.plainlance.lance.pb.table.DataFragment;
import dev.plainlance.lance.pb.table.IndexMetadata;
import dev.plainlance.lance.pb.table.Manifest;
import dev.plainlance.lance.table.ManifestFile;
import dev.plainlance.lance.table.ManifestStore;
import dev.plainlance.lance.table.Tag;
import dev.plainlance.lance.table.TagStore;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * {@code cleanupWithPolicy}: removes old versions and the files only they referenced, as the official
 * {@code cleanup_old_versions} decides: the latest version, tagged versions (of the branch cleaned), files branches read through their base paths and the policy's
 * retained versions are always kept, and a file any kept version references is never deleted. Index files go by
 * directory, as in the official cleanup: the files under {@code _indices/{uuid}/} are removed when no kept version
 * lists index segment {@code uuid} and a removed version does (or {@link CleanupPolicy#getDeleteUnverified()} is
 * set), so the files of an index being built, which no manifest lists yet, stay.
 *
 * <p>Order, chosen so that a crash at any point leaves every listed version readable:
 * <ol>
 *   <li>every manifest is read and the keep/remove decision made before anything is deleted;</li>
 *   <li>the old manifests are deleted, oldest first — each removed version disappears whole before any of its
 *       files goes;</li>
 *   <li>then the data, deletion, transaction and index files referenced by removed versions and by no kept
 *       version.</li>
 * </ol>
 * The official library deletes files first and manifests last, so a crash can leave listed versions whose files
 * are gone; here a crash can only leave unreferenced files behind, which a later cleanup with
 * {@link CleanupPolicy#getDeleteUnverified()} removes. A concurrent {@code restore} of a version being removed can
 * lose files, as with the official library.
 */
public final class VersionCleaner {
    private static final List<String> FILE_DIRS =
            List.of("data/", "_deletions/", ManifestStore.TRANSACTIONS_DIR + "/", IndexDirectories.INDICES_DIR + "/");

    private final Storage storage;
    private final ManifestStore manifests;
    private final TagStore tags;
    private final Optional<String> branch;
    private final Set<Long> branchedFrom;
    private final Supplier<Set<String>> referencedElsewhere;

    /** A cleaner of the main dataset at {@code storage}, which has no branches. */
    public VersionCleaner(Storage storage, Clock clock) {
        this(storage, new TagStore(new ManifestStore(storage), clock), Optional.empty(), Set.of(), Set::of);
    }

    /**
     * A cleaner of the root {@code storage} of {@code branch} (empty for main). Like official Lance 7.0.0 it keeps
     * the versions {@code tags} (the main root's) name in that branch and, silently, the versions other branches
     * were created from ({@code branchedFrom}); it also never deletes a file {@code referencedElsewhere} returns:
     * keys, relative to this root, of files that other branches read through their base paths, and
     * {@code _indices/{uuid}} for the index segments they read there (called after the old manifests are gone, just
     * before files are deleted).
     */
    public VersionCleaner(
            Storage storage,
            TagStore tags,
            Optional<String> branch,
            Set<Long> branchedFrom,
            Supplier<Set<String>> referencedElsewhere) {
        this.storage = storage;
        this.manifests = new ManifestStore(storage);
        this.tags = tags;
        this.branch = branch;
        this.branchedFrom = Set.copyOf(branchedFrom);
        this.referencedElsewhere = referencedElsewhere;
    }

    /**
     * Applies {@code policy}.
     *
     * @throws TaggedOldVersionsException if the policy selects a tagged version and asks to fail on it (nothing
     *     is removed then)
     */
    public RemovalStats clean(CleanupPolicy policy) {
        List<ManifestStore.Named> named = manifests.listNamed();
        List<ManifestStore.Location> locations =
                named.stream().map(ManifestStore.Named::location).toList();
        if (locations.isEmpty()) {
            return new RemovalStats(0, 0, 0, 0, 0, 0);
        }
        long latest = locations.get(locations.size() - 1).version();
        Set<Long> tagged = new HashSet<>();
        for (Tag tag : tags.list()) {
            if (tag.branch().equals(branch)) {
                tagged.add(tag.version());
            }
        }
        Set<String> referenced = new HashSet<>();
        Set<String> verified = new HashSet<>();
        List<ManifestStore.Location> old = new ArrayList<>();
        Set<Long> taggedOld = new TreeSet<>();
        for (ManifestStore.Location location : locations) {
            ManifestFile file = manifests.load(location);
            Manifest manifest = file.manifest();
            boolean selected = location.version() != latest
                    && !policy.getRetainedVersions().contains(location.version())
                    && !branchedFrom.contains(location.version())
                    && selects(policy, manifest);
            if (selected && tagged.contains(location.version())) {
                taggedOld.add(location.version());
            }
            if (selected && !tagged.contains(location.version())) {
                old.add(location);
                addFiles(file, verified);
            } else {
                addFiles(file, referenced);
            }
        }
        if (!taggedOld.isEmpty() && policy.getErrorIfTaggedOldVersions().orElse(true)) {
            throw new TaggedOldVersionsException("cleanup of " + storage.describe("") + " would remove tagged"
                    + " versions " + taggedOld + "; delete their tags, or clean up with errorIfTaggedOldVersions"
                    + " false to keep them");
        }
        Map<String, Long> files = listFiles();
        boolean unverified = policy.getDeleteUnverified().orElse(false);
        long bytes = 0;
        Map<Long, List<String>> keys = new HashMap<>();
        named.forEach(version -> keys.put(version.location().version(), version.keys()));
        for (ManifestStore.Location location : old) {
            keys.get(location.version()).forEach(this::delete);
            bytes += location.size();
            Failpoints.hit(CleanupFailpoints.MANIFEST_DELETED);
        }
        referenced.addAll(referencedElsewhere.get());
        List<String> doomed = files.keySet().stream()
                .filter(key -> !referenced.contains(owner(key)))
                .filter(key -> unverified || verified.contains(owner(key)))
                .sorted()
                .toList();
        long[] counts = new long[FILE_DIRS.size()];
        for (String key : doomed) {
            delete(key);
            bytes += files.get(key);
            for (int i = 0; i < FILE_DIRS.size(); i++) {
                counts[i] += key.startsWith(FILE_DIRS.get(i)) ? 1 : 0;
            }
            Failpoints.hit(CleanupFailpoints.FILE_DELETED);
        }
        deleteEmptiedDirectories(doomed);
        return new RemovalStats(bytes, old.size(), counts[0], counts[2], counts[3], counts[1]);
    }

    /**
     * The key whose reference keeps {@code key}: the data file of a blob v2 sidecar ({@code data/x.lance} for
     * {@code data/x/<id>.blob}), the index directory of an index file, else the key itself.
     */
    private static String owner(String key) {
        return key.startsWith("data/") ? BlobSidecars.dataFileOf(key).orElse(key) : IndexDirectories.owner(key);
    }

    /** The official {@code should_clean}: both bounds, when set, must hold. */
    private static boolean selects(CleanupPolicy policy, Manifest manifest) {
        long millis = manifest.getTimestamp().getSeconds() * 1000
                + manifest.getTimestamp().getNanos() / 1_000_000;
        return policy.getBeforeTimestampMillis().map(before -> millis < before).orElse(true)
                && policy.getBeforeVersion()
                        .map(before -> manifest.getVersion() < before)
                        .orElse(true);
    }

    /**
     * Keys of the files in this dataset's directory that {@code file} references, and {@code _indices/{uuid}} for
     * each index segment it lists there.
     */
    private static void addFiles(ManifestFile file, Set<String> keys) {
        Manifest manifest = file.manifest();
        for (DataFragment fragment : manifest.getFragmentsList()) {
            for (DataFile data : fragment.getFilesList()) {
                if (!data.hasBaseId()) {
                    keys.add("data/" + data.getPath());
                }
            }
            if (fragment.hasDeletionFile() && !fragment.getDeletionFile().hasBaseId()) {
                keys.add(DeletionFile.fromProto(fragment.getDeletionFile()).key(fragment.getId()));
            }
        }
        if (!manifest.getTransactionFile().isEmpty()) {
            keys.add(ManifestStore.TRANSACTIONS_DIR + "/" + manifest.getTransactionFile());
        }
        file.indexSection().ifPresent(section -> {
            for (IndexMetadata index : section.getIndicesList()) {
                if (!index.hasBaseId()) {
                    keys.add(IndexDirectories.key(index));
                }
            }
        });
    }

    private Map<String, Long> listFiles() {
        Map<String, Long> sizes = new HashMap<>();
        for (String dir : FILE_DIRS) {
            try {
                for (ObjectInfo object : storage.list(dir)) {
                    sizes.put(object.key(), object.size());
                }
            } catch (IOException e) {
                throw new LanceIOException("cannot list " + storage.describe(dir), e);
            }
        }
        return sizes;
    }

    /**
     * Removes the {@code _indices/{uuid}/} directories (and any directories inside them) and the sidecar
     * directories of data files that the removed files leave empty, deepest first; only a storage with real
     * directories has any (see {@link Storage#deleteEmptyDirectory}).
     */
    private void deleteEmptiedDirectories(List<String> removed) {
        TreeSet<String> dirs = new TreeSet<>(
                Comparator.comparingInt(String::length).reversed().thenComparing(Comparator.naturalOrder()));
        for (String key : removed) {
            if (BlobSidecars.dataFileOf(key).isPresent()) {
                dirs.add(key.substring(0, key.lastIndexOf('/')));
                continue;
            }
            String owner = IndexDirectories.owner(key);
            for (int slash = key.lastIndexOf('/');
                    owner.length() < key.length() && slash >= owner.length();
                    slash = key.lastIndexOf('/', slash - 1)) {
                dirs.add(key.substring(0, slash));
            }
        }
        for (String dir : dirs) {
            try {
                storage.deleteEmptyDirectory(dir);
            } catch (IOException e) {
                throw new LanceIOException("cannot remove directory " + storage.describe(dir) + " during cleanup", e);
            }
        }
    }

    private void delete(String key) {
        try {
            storage.delete(key);
        } catch (IOException e) {
            throw new LanceIOException("cannot delete " + storage.describe(key) + " during cleanup", e);
        }
    }
}
