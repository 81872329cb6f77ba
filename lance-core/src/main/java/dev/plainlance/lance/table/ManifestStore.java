package dev.plainlance.lance.table;

import dev.plainlance.lance.env.Futures;
import dev.plainlance.lance.error.CorruptFileException;
import dev.plainlance.lance.error.LanceIOException;
import dev.plainlance.lance.error.NotFoundException;
import dev.plainlance.lance.io.ObjectAlreadyExistsException;
import dev.plainlance.lance.io.ObjectInfo;
import dev.plainlance.lance.io.ObjectNotFoundException;
import dev.plainlance.lance.io.Storage;
import dev.plainlance.lance.io.StorageCall;
import dev.plainlance.lance.pb.table.Manifest;
import dev.plainlance.lance.pb.table.Transaction;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Finds and loads the manifests of one dataset root. What exists under {@code _versions/} is the truth:
 * {@code latest_version_hint.json} is never trusted for reads.
 */
public final class ManifestStore {
    public static final String TRANSACTIONS_DIR = "_transactions";
    /** {@code {"version":N}}, rewritten after every commit by both libraries; advisory only. */
    public static final String HINT = ManifestNaming.VERSIONS_DIR + "/latest_version_hint.json";

    private static final java.util.regex.Pattern HINT_VERSION =
            java.util.regex.Pattern.compile("\\s*\\{\\s*\"version\"\\s*:\\s*(\\d{1,18})\\s*}\\s*");

    /**
     * A committed manifest: its version, naming scheme, storage key and size in bytes. A preview of an uncommitted
     * version (see {@code TableCommits.preview}) has size 0, which no written manifest has.
     */
    public record Location(long version, ManifestNaming naming, String key, long size) {
        /** Whether this names a manifest that was written (not a preview). */
        public boolean written() {
            return size > 0;
        }
    }

    /** Versions {@link #latestFrom} probes one by one before it lists or reads the hint instead. */
    private static final int MAX_PROBES = 8;

    private final Storage storage;

    public ManifestStore(Storage storage) {
        this.storage = storage;
    }

    public Storage storage() {
        return storage;
    }

    /** Every committed manifest, ascending by version. */
    public List<Location> list() {
        return listNamed().stream().map(Named::location).toList();
    }

    /**
     * A committed version's manifest and every key naming it: one, or two while a migration to V2 names is
     * unfinished (see {@link #migrateToV2()}), the one read last; whoever deletes the version deletes them in that
     * order, so a crash part way leaves the version readable, never a stale twin alone.
     */
    public record Named(Location location, List<String> keys) {}

    /** {@link #list()} with every key of each version. */
    public List<Named> listNamed() {
        Map<Long, Named> byVersion = new HashMap<>();
        for (Location location : namedManifests()) {
            Named clash = byVersion.putIfAbsent(location.version(), new Named(location, List.of(location.key())));
            if (clash != null) {
                Location read = oneOf(clash.location(), location);
                Location twin = read == location ? clash.location() : location;
                byVersion.put(location.version(), new Named(read, List.of(twin.key(), read.key())));
            }
        }
        List<Named> sorted = new ArrayList<>(byVersion.values());
        sorted.sort(Comparator.comparingLong(named -> named.location().version()));
        return sorted;
    }

    /** Every object of {@code _versions/} (not of its subdirectories) named as a manifest, either name of a version. */
    private List<Location> namedManifests() {
        List<ObjectInfo> objects;
        try {
            objects = storage.list(ManifestNaming.VERSIONS_DIR + "/");
        } catch (IOException e) {
            throw new LanceIOException("cannot list " + storage.describe(ManifestNaming.VERSIONS_DIR), e);
        }
        List<Location> named = new ArrayList<>();
        for (ObjectInfo object : objects) {
            if (object.key().indexOf('/', ManifestNaming.VERSIONS_DIR.length() + 1) >= 0) {
                continue;
            }
            ManifestNaming.parse(object.fileName())
                    .ifPresent(parsed ->
                            named.add(new Location(parsed.version(), parsed.naming(), object.key(), object.size())));
        }
        return named;
    }

    /**
     * The manifest to read when a version has two: its V2 name, when the other is a V1 name of the same size (a
     * migration to V2 names that stopped between creating the one and deleting the other, see {@link
     * #migrateToV2()}); any other pair is refused.
     */
    private Location oneOf(Location a, Location b) {
        if (a.naming() != b.naming() && a.size() == b.size()) {
            return a.naming() == ManifestNaming.V2 ? a : b;
        }
        throw new CorruptFileException(
                storage.describe(b.key()),
                "version " + b.version() + " has two manifests: " + a.key() + " and " + b.key());
    }

    /**
     * Gives every manifest with a V1 name ({@code {version}.manifest}) its V2 name, as official Lance's
     * {@code migrate_scheme_to_v2} does, newest first: the V2 name is created with put-if-absent, then the V1 name
     * is deleted. A crash between the two leaves both names with the same bytes, which {@link #list()} reads as one
     * version, and running this again finishes the work. Like the official migration, it is not meant to run while
     * others commit.
     *
     * @return how many manifests were renamed
     * @throws CorruptFileException when a version has both names with different bytes
     */
    public int migrateToV2() {
        List<Location> v1 = namedManifests().stream()
                .filter(location -> location.naming() == ManifestNaming.V1)
                .sorted(Comparator.comparingLong(Location::version).reversed())
                .toList();
        for (Location old : v1) {
            String target = ManifestNaming.V2.key(old.version());
            try {
                byte[] bytes = storage.read(old.key());
                try {
                    storage.putIfAbsent(target, bytes);
                } catch (ObjectAlreadyExistsException exists) {
                    if (!Arrays.equals(bytes, storage.read(target))) {
                        throw new CorruptFileException(
                                storage.describe(target),
                                "version " + old.version() + " has two manifests with different bytes: " + old.key()
                                        + " and " + target);
                    }
                }
                storage.delete(old.key());
            } catch (IOException e) {
                throw new LanceIOException("cannot rename " + storage.describe(old.key()) + " to " + target, e);
            }
        }
        return v1.size();
    }

    /**
     * The newest committed manifest, if any. The version hint is only a starting point: the version it names must
     * exist, and later versions are probed one by one until one is absent (versions are contiguous: each is
     * created with put-if-absent right after the previous one). Without a usable hint the directory is listed.
     * This keeps opening a long history O(1) in storage calls instead of O(versions).
     */
    public Optional<Location> latest() {
        Optional<Long> hinted = hintedVersion();
        if (hinted.isPresent()) {
            Optional<Location> start = locateIfExists(hinted.get());
            if (start.isPresent()) {
                return Optional.of(newestFrom(start.get()));
            }
        }
        List<Location> all = list();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /**
     * The newest version from {@code start} (a committed version) on, probing the versions after it one by one
     * (one request when none is newer); after {@link #MAX_PROBES} probes it falls back to {@link #latest()}.
     */
    public Location latestFrom(Location start) {
        return newestWithin(start, MAX_PROBES).orElseGet(() -> latest().orElse(start));
    }

    /** A manifest's location and its decoded contents. */
    public record Loaded(Location location, ManifestFile file) {}

    /**
     * {@link #latest()} and {@link #load} together, in fewer requests: the hinted version's manifest is read
     * straight away (not stat-ed first), and when no later version exists, that read is the answer. A usable hint
     * costs three requests in all: the hint, the manifest and one probe of the next version, which an object store
     * sends together with the manifest's read ({@link Storage#ahead}).
     */
    public Optional<Loaded> loadLatest() {
        Optional<Long> hinted = hintedVersion();
        if (hinted.isPresent() && hinted.get() >= 1) {
            long version = hinted.get();
            for (ManifestNaming naming : List.of(ManifestNaming.V2, ManifestNaming.V1)) {
                String key = naming.key(version);
                // on an object store the probe of the next version goes out with the read of this one
                StorageCall<Optional<Location>> probe = storage.ahead(() -> locateIfExists(version + 1, naming));
                Optional<byte[]> bytes;
                try {
                    bytes = storage.readIfExists(key);
                } catch (IOException e) {
                    throw new LanceIOException("cannot read " + storage.describe(key), e);
                }
                if (bytes.isPresent()) {
                    Location read = new Location(version, naming, key, bytes.get().length);
                    Optional<Location> next;
                    try {
                        next = probe.call();
                    } catch (IOException e) {
                        throw new LanceIOException("cannot stat " + storage.describe(naming.key(version + 1)), e);
                    }
                    Location newest = next.isEmpty() ? read : newestFrom(next.get());
                    return Optional.of(
                            newest.equals(read)
                                    ? new Loaded(read, decode(read, bytes.get()))
                                    : new Loaded(newest, load(newest)));
                }
            }
        }
        List<Location> all = list();
        return all.isEmpty()
                ? Optional.empty()
                : Optional.of(new Loaded(all.get(all.size() - 1), load(all.get(all.size() - 1))));
    }

    /**
     * The newest version from {@code start} on, probing the next versions under {@code start}'s naming scheme
     * (both libraries keep a table's scheme: each commit names its manifest as the previous one is named).
     */
    private Location newestFrom(Location start) {
        return newestWithin(start, Integer.MAX_VALUE).orElseThrow();
    }

    /** {@link #newestFrom}, or empty when more than {@code probes} versions follow {@code start}. */
    private Optional<Location> newestWithin(Location start, int probes) {
        Location newest = start;
        for (int probe = 0; probe < probes; probe++) {
            Optional<Location> next = locateIfExists(newest.version() + 1, newest.naming());
            if (next.isEmpty()) {
                return Optional.of(newest);
            }
            newest = next.get();
        }
        return Optional.empty();
    }

    private Optional<Location> locateIfExists(long version, ManifestNaming naming) {
        String key = naming.key(version);
        try {
            return Optional.of(new Location(version, naming, key, storage.size(key)));
        } catch (ObjectNotFoundException absent) {
            return Optional.empty();
        } catch (IOException e) {
            throw new LanceIOException("cannot stat " + storage.describe(key), e);
        }
    }

    private Optional<Long> hintedVersion() {
        try {
            Optional<byte[]> bytes = storage.readIfExists(HINT);
            if (bytes.isEmpty()) {
                return Optional.empty();
            }
            java.util.regex.Matcher m = HINT_VERSION.matcher(new String(bytes.get(), StandardCharsets.UTF_8));
            return m.matches() ? Optional.of(Long.parseLong(m.group(1))) : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private Optional<Location> locateIfExists(long version) {
        if (version < 1) {
            return Optional.empty();
        }
        try {
            return Optional.of(locate(version));
        } catch (NotFoundException absent) {
            return Optional.empty();
        }
    }

    /** The manifest of {@code version}: the V2 name first, then the V1 name. */
    public Location locate(long version) {
        for (ManifestNaming naming : List.of(ManifestNaming.V2, ManifestNaming.V1)) {
            String key = naming.key(version);
            try {
                return new Location(version, naming, key, storage.size(key));
            } catch (ObjectNotFoundException absent) {
                // try the other scheme
            } catch (IOException e) {
                throw new LanceIOException("cannot stat " + storage.describe(key), e);
            }
        }
        throw new NotFoundException(
                "version " + version + " does not exist in " + storage.describe(ManifestNaming.VERSIONS_DIR));
    }

    /** Reads, validates and decodes a manifest file. */
    public ManifestFile load(Location location) {
        String where = storage.describe(location.key());
        byte[] bytes;
        try {
            bytes = storage.read(location.key());
        } catch (ObjectNotFoundException e) {
            throw new NotFoundException("version " + location.version() + " vanished: " + where);
        } catch (IOException e) {
            throw new LanceIOException("cannot read " + where, e);
        }
        return decode(location, bytes);
    }

    /**
     * {@link #load} of every location, reading them together ({@link Storage#readAll}) and decoding them on
     * {@code workers}; the first failure in location order is thrown.
     */
    public List<ManifestFile> loadAll(List<Location> locations, Executor workers) {
        List<byte[]> bytes;
        try {
            bytes = storage.readAll(locations.stream().map(Location::key).toList());
        } catch (ObjectNotFoundException e) {
            throw new NotFoundException("a version vanished while reading "
                    + storage.describe(ManifestNaming.VERSIONS_DIR) + ": " + e.getMessage());
        } catch (IOException e) {
            throw new LanceIOException(
                    "cannot read the manifests in " + storage.describe(ManifestNaming.VERSIONS_DIR), e);
        }
        List<CompletableFuture<ManifestFile>> decoded = new ArrayList<>(locations.size());
        for (int i = 0; i < locations.size(); i++) {
            Location location = locations.get(i);
            byte[] manifest = bytes.get(i);
            decoded.add(CompletableFuture.supplyAsync(() -> decode(location, manifest), workers));
        }
        List<ManifestFile> files = new ArrayList<>(locations.size());
        for (CompletableFuture<ManifestFile> file : decoded) {
            files.add(Futures.await(file));
        }
        return files;
    }

    private ManifestFile decode(Location location, byte[] bytes) {
        String where = storage.describe(location.key());
        ManifestFile file = ManifestFile.decode(bytes, where);
        ManifestChecks.check(file.manifest(), where);
        if (file.manifest().getVersion() != location.version()) {
            throw new CorruptFileException(
                    where,
                    "manifest says version " + file.manifest().getVersion() + " but its file name says "
                            + location.version());
        }
        return file;
    }

    /**
     * The transaction that produced a manifest: the inline section if present, else the
     * {@code _transactions/} file it names, else empty.
     */
    public Optional<Transaction> transaction(ManifestFile file) {
        if (file.transaction().isPresent()) {
            return file.transaction();
        }
        Manifest manifest = file.manifest();
        if (manifest.getTransactionFile().isEmpty()) {
            return Optional.empty();
        }
        String key = TRANSACTIONS_DIR + "/" + manifest.getTransactionFile();
        try {
            Optional<byte[]> bytes = storage.readIfExists(key);
            if (bytes.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(Transaction.parseFrom(bytes.get()));
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new CorruptFileException(storage.describe(key), "transaction does not parse: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new LanceIOException("cannot read " + storage.describe(key), e);
        }
    }
}
