package dev.plainlance.lance.table;

import dev.plainlance.lance.error.NotFoundException;
import dev.plainlance.lance.io.Storage;
import dev.plainlance.lance.pb.table.DataFragment;
import dev.plainlance.lance.pb.table.Manifest;
import dev.plainlance.lance.schema.LanceSchema;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One version of a Lance table, as an immutable value: where it lives, its manifest and its schema. Everything that
 * reads or stages a change works from a snapshot, never from a mutable handle, so a change staged on a snapshot
 * sees exactly that version however many commits land meanwhile.
 *
 * <p>A table that has no version yet is the {@linkplain #absent absent} snapshot (version 0), the base of a
 * create.
 */
public final class TableSnapshot {
    private final Storage storage;
    private final String name;
    private final Optional<ManifestStore.Location> location;
    private final ManifestFile file;
    private final LanceSchema schema;
    private final FileBases bases;
    private RowIdLocator rowIdLocator;

    private TableSnapshot(
            Storage storage,
            String name,
            Optional<ManifestStore.Location> location,
            ManifestFile file,
            LanceSchema schema) {
        this.storage = storage;
        this.name = name;
        this.location = location;
        this.file = file;
        this.schema = schema;
        this.bases = FileBases.of(storage, file.manifest());
    }

    /** The version at {@code location}, checked to be readable by plainlance. */
    public static TableSnapshot load(Storage storage, String name, ManifestStore.Location location) {
        ManifestFile file = new ManifestStore(storage).load(location);
        return of(storage, name, location, file);
    }

    /** A snapshot of a manifest already in hand (e.g. the one a commit just wrote). */
    public static TableSnapshot of(Storage storage, String name, ManifestStore.Location location, ManifestFile file) {
        FeatureFlags.checkReadable(file.manifest(), storage.describe(location.key()));
        LanceSchema schema = LanceSchema.fromProto(
                file.manifest().getFieldsList(), file.manifest().getSchemaMetadataMap());
        return new TableSnapshot(storage, name, Optional.of(location), file, schema);
    }

    /** Version {@code version} of the table in {@code storage}, or {@link NotFoundException}. */
    public static TableSnapshot at(Storage storage, String name, long version) {
        return load(storage, name, new ManifestStore(storage).locate(version));
    }

    /** The latest version, or the absent snapshot when the table has none. */
    public static TableSnapshot latestOrAbsent(Storage storage, String name) {
        return new ManifestStore(storage)
                .loadLatest()
                .map(loaded -> of(storage, name, loaded.location(), loaded.file()))
                .orElseGet(() -> absent(storage, name));
    }

    /** The latest version, or {@link NotFoundException} naming the table. */
    public static TableSnapshot latest(Storage storage, String name) {
        TableSnapshot latest = latestOrAbsent(storage, name);
        if (!latest.exists()) {
            throw new NotFoundException("no Lance dataset at " + name + ": "
                    + storage.describe(ManifestNaming.VERSIONS_DIR) + " holds no manifest");
        }
        return latest;
    }

    /** A table with no version yet: version 0, no fragments, an empty schema. */
    public static TableSnapshot absent(Storage storage, String name) {
        return new TableSnapshot(
                storage,
                name,
                Optional.empty(),
                new ManifestFile(Manifest.getDefaultInstance(), Optional.empty(), Optional.empty()),
                LanceSchema.fromProto(List.of(), Map.of()));
    }

    public Storage storage() {
        return storage;
    }

    /** Where this version's data and deletion files are (its own root, or the base paths it inherited). */
    public FileBases bases() {
        return bases;
    }

    /** The table's name in messages: its URI, or where its storage lives. */
    public String name() {
        return name;
    }

    /** Whether the table has this version; false only for the absent snapshot. */
    public boolean exists() {
        return location.isPresent();
    }

    /** The version, 0 for the absent snapshot. */
    public long version() {
        return location.map(ManifestStore.Location::version).orElse(0L);
    }

    /** Where the manifest is; empty for the absent snapshot. */
    public Optional<ManifestStore.Location> location() {
        return location;
    }

    /** The manifest naming scheme of this version, V2 for the absent snapshot (a new table's default). */
    public ManifestNaming naming() {
        return location.map(ManifestStore.Location::naming).orElse(ManifestNaming.V2);
    }

    public ManifestFile file() {
        return file;
    }

    public Manifest manifest() {
        return file.manifest();
    }

    public LanceSchema schema() {
        return schema;
    }

    /** This version's stable row id → address resolution, made on first use and kept with the snapshot. */
    public synchronized RowIdLocator rowIdLocator() {
        if (rowIdLocator == null) {
            rowIdLocator = new RowIdLocator(fragments(), name);
        }
        return rowIdLocator;
    }

    public List<DataFragment> fragments() {
        return file.manifest().getFragmentsList();
    }

    /** The index segments of this version (the manifest's index section), in manifest order. */
    public List<dev.plainlance.lance.pb.table.IndexMetadata> indices() {
        return file.indexSection()
                .map(dev.plainlance.lance.pb.table.IndexSection::getIndicesList)
                .orElse(List.of());
    }

    public boolean hasStableRowIds() {
        return (file.manifest().getReaderFeatureFlags() & FeatureFlags.STABLE_ROW_IDS) != 0;
    }

    /** The data storage (file format) version: "2.0", "2.1", "2.2", or "0.1" for legacy files. */
    public String fileFormatVersion() {
        Manifest manifest = file.manifest();
        if (manifest.hasDataFormat() && !manifest.getDataFormat().getVersion().isEmpty()) {
            return manifest.getDataFormat().getVersion();
        }
        return fragments().stream()
                .flatMap(f -> f.getFilesList().stream())
                .findFirst()
                .map(TableSnapshot::fileFormatVersion)
                .orElse("2.0");
    }

    private static String fileFormatVersion(dev.plainlance.lance.pb.table.DataFile file) {
        int major = file.getFileMajorVersion();
        int minor = file.getFileMinorVersion();
        if (major == 0) {
            return minor == 3 ? "2.0" : "0.1";
        }
        return major + "." + minor;
    }

    /**
     * A view of this version holding only {@code fragments} (which must belong to it): scans and takes of the
     * view read just those fragments.
     */
    public TableSnapshot withFragments(List<DataFragment> fragments) {
        Manifest restricted = file.manifest().toBuilder()
                .clearFragments()
                .addAllFragments(fragments)
                .build();
        return new TableSnapshot(
                storage, name, location, new ManifestFile(restricted, file.transaction(), file.indexSection()), schema);
    }

    /**
     * {@link #withFragments} of the fragments with ids {@code ids}, in that order.
     *
     * @throws dev.plainlance.lance.error.NotFoundException if this version has no fragment with one of the ids
     */
    public TableSnapshot withFragmentIds(List<Integer> ids) {
        java.util.Map<Long, DataFragment> byId = new java.util.HashMap<>();
        fragments().forEach(f -> byId.put(f.getId(), f));
        List<DataFragment> selected = new java.util.ArrayList<>();
        for (int id : ids) {
            DataFragment fragment = byId.get((long) id);
            if (fragment == null) {
                throw new dev.plainlance.lance.error.NotFoundException(
                        "fragment " + id + " is not in version " + version() + " of " + name);
            }
            selected.add(fragment);
        }
        return withFragments(selected);
    }

    /** This version, named {@code newName} in messages. */
    public TableSnapshot withName(String newName) {
        return new TableSnapshot(storage, newName, location, file, schema);
    }

    @Override
    public String toString() {
        return name + "@" + version();
    }
}
