package dev.plainlance.lance;

import dev.plainlance.lance.env.Env;
import dev.plainlance.lance.fragment.DeletionFile;
import dev.plainlance.lance.index.IndexDirectories;
import dev.plainlance.lance.pb.table.BasePath;
import dev.plainlance.lance.pb.table.DataFile;
import dev.plainlance.lance.pb.table.DataFragment;
import dev.plainlance.lance.pb.table.IndexMetadata;
import dev.plainlance.lance.pb.table.Manifest;
import dev.plainlance.lance.pb.table.Transaction;
import dev.plainlance.lance.table.Branch;
import dev.plainlance.lance.table.BranchStore;
import dev.plainlance.lance.table.ManifestFile;
import dev.plainlance.lance.table.ManifestStore;
import dev.plainlance.lance.table.TableSnapshot;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/** Shallow clones (branches are ones too): the Clone transaction, and the files clones read from their sources. */
final class Clones {
    private Clones() {}

    /**
     * The Clone transaction of a shallow copy of {@code source} into branch {@code branch} (empty for a plain
     * clone), naming the source root {@code sourceRoot} as it goes into the new base path.
     */
    static Transaction transaction(TableSnapshot source, String sourceRoot, Optional<String> branch, Env env) {
        Transaction.Clone.Builder clone = Transaction.Clone.newBuilder()
                .setIsShallow(true)
                .setRefVersion(source.version())
                .setRefPath(sourceRoot);
        if (source.manifest().hasBranch()) {
            clone.setRefName(source.manifest().getBranch());
        }
        branch.ifPresent(clone::setBranchName);
        return Transaction.newBuilder()
                .setReadVersion(source.version())
                .setUuid(env.newUuid().toString())
                .setClone(clone)
                .build();
    }

    /** The versions of {@code branch} (empty for main) that other branches were created from. */
    static Set<Long> branchedFrom(DatasetRoots roots, Optional<String> branch) {
        Set<Long> versions = new HashSet<>();
        for (Branch other : new BranchStore(roots.main()).list()) {
            if (other.parentBranch().equals(branch)) {
                versions.add(other.parentVersion());
            }
        }
        return versions;
    }

    /**
     * Keys, relative to the root of {@code branch} (empty for main), of the data and deletion files that any
     * version of another branch of the family reads from that root through a base path, and {@code _indices/{uuid}}
     * of the index segments it reads there.
     */
    static Set<String> readByBranches(DatasetRoots roots, Optional<String> branch) {
        String root = roots.basePath(branch);
        Set<String> keys = new HashSet<>();
        for (Branch other : new BranchStore(roots.main()).list()) {
            if (branch.equals(Optional.of(other.name()))) {
                continue;
            }
            ManifestStore manifests = new ManifestStore(roots.root(Optional.of(other.name())));
            for (ManifestStore.Location location : manifests.list()) {
                addReadFrom(manifests.load(location), root, roots, keys);
            }
        }
        return keys;
    }

    private static void addReadFrom(ManifestFile read, String root, DatasetRoots roots, Set<String> keys) {
        Manifest manifest = read.manifest();
        Set<Integer> ids = new HashSet<>();
        Set<Integer> dataRoots = new HashSet<>();
        for (BasePath base : manifest.getBasePathsList()) {
            if (roots.sameRoot(base.getPath(), root)) {
                ids.add(base.getId());
                if (base.getIsDatasetRoot()) {
                    dataRoots.add(base.getId());
                }
            }
        }
        if (ids.isEmpty()) {
            return;
        }
        for (DataFragment fragment : manifest.getFragmentsList()) {
            for (DataFile file : fragment.getFilesList()) {
                if (file.hasBaseId() && ids.contains(file.getBaseId())) {
                    keys.add((dataRoots.contains(file.getBaseId()) ? "data/" : "") + file.getPath());
                }
            }
            if (fragment.hasDeletionFile()
                    && fragment.getDeletionFile().hasBaseId()
                    && ids.contains(fragment.getDeletionFile().getBaseId())) {
                keys.add(DeletionFile.fromProto(fragment.getDeletionFile()).key(fragment.getId()));
            }
        }
        read.indexSection().ifPresent(section -> {
            for (IndexMetadata index : section.getIndicesList()) {
                if (index.hasBaseId() && dataRoots.contains(index.getBaseId())) {
                    keys.add(IndexDirectories.key(index));
                }
            }
        });
    }
}
