package dev.plainlance.lance.table;

import dev.plainlance.lance.error.CorruptFileException;
import dev.plainlance.lance.fragment.DeletionFile;
import dev.plainlance.lance.io.RootResolver;
import dev.plainlance.lance.io.Storage;
import dev.plainlance.lance.pb.table.BasePath;
import dev.plainlance.lance.pb.table.DataFile;
import dev.plainlance.lance.pb.table.Manifest;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where the files of one manifest live. A data or deletion file without a base id is under the dataset's own root;
 * one with a base id is under {@code base_paths[id]}: {@code {path}/data/{file}} (or {@code {path}/_deletions/...})
 * for a dataset root, {@code {path}/{file}} for a data-only base. Branches and shallow clones read the files they
 * inherited this way.
 */
public final class FileBases {
    private final Storage own;
    private final Map<Integer, BasePath> paths = new HashMap<>();
    private final Map<Integer, Storage> roots = new ConcurrentHashMap<>();

    private FileBases(Storage own, Manifest manifest) {
        this.own = own;
        for (BasePath path : manifest.getBasePathsList()) {
            paths.put(path.getId(), path);
        }
    }

    /** The file locations of {@code manifest}, a version of the dataset rooted at {@code own}. */
    public static FileBases of(Storage own, Manifest manifest) {
        return new FileBases(own, manifest);
    }

    /** The dataset's own root, where every new file is written. */
    public Storage own() {
        return own;
    }

    /** A file: the storage holding it and its key there. */
    public record Located(Storage storage, String key) {
        /** Where the file is, for messages. */
        public String describe() {
            return storage.describe(key);
        }
    }

    /** Where data file {@code file} is. */
    public Located dataFile(DataFile file) {
        if (!file.hasBaseId()) {
            return new Located(own, "data/" + file.getPath());
        }
        BasePath base = base(file.getBaseId(), "data file " + file.getPath());
        return new Located(root(base), base.getIsDatasetRoot() ? "data/" + file.getPath() : file.getPath());
    }

    /** Where file {@code name} of index segment {@code uuid} is (under {@code _indices/{uuid}/}). */
    public Located indexFile(Optional<Integer> baseId, String uuid, String name) {
        String key = "_indices/" + uuid + "/" + name;
        if (baseId.isEmpty()) {
            return new Located(own, key);
        }
        BasePath base = base(baseId.get(), "index file " + key);
        return new Located(root(base), base.getIsDatasetRoot() ? key : uuid + "/" + name);
    }

    /** Where the deletion file {@code file} of fragment {@code fragmentId} is. */
    public Located deletionFile(long fragmentId, DeletionFile file) {
        String key = file.key(fragmentId);
        Optional<Integer> baseId = file.baseId();
        if (baseId.isEmpty()) {
            return new Located(own, key);
        }
        BasePath base = base(baseId.get(), "deletion file " + key);
        if (!base.getIsDatasetRoot()) {
            throw new CorruptFileException(
                    own.describe(ManifestNaming.VERSIONS_DIR),
                    "deletion file " + key + " names base path " + baseId.get() + ", which is not a dataset root");
        }
        return new Located(root(base), key);
    }

    private BasePath base(int id, String what) {
        BasePath base = paths.get(id);
        if (base == null) {
            throw new CorruptFileException(
                    own.describe(ManifestNaming.VERSIONS_DIR),
                    what + " names base path " + id + ", which is not listed");
        }
        return base;
    }

    private Storage root(BasePath base) {
        return roots.computeIfAbsent(base.getId(), id -> RootResolver.of(own).root(base.getPath()));
    }
}
