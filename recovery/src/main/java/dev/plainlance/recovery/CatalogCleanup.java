package dev.plainlance.recovery;

import dev.plainlance.catalog.Catalog;
import dev.plainlance.catalog.CatalogSnapshot;
import dev.plainlance.catalog.Pin;
import dev.plainlance.lance.io.Storage;
import dev.plainlance.lance.maintenance.CleanupPolicy;
import dev.plainlance.lance.maintenance.RemovalStats;
import dev.plainlance.lance.maintenance.VersionCleaner;
import dev.plainlance.lance.table.ManifestStore;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Cleanup of a whole catalog, the only safe way to clean its tables. It never removes a version anyone may read:
 *
 * <ul>
 *   <li><b>Retained catalog states</b>: the newest {@code keep} states of {@code __manifest}, and every state whose
 *       commit is younger than {@code olderThan}. Older states are removed (they drop out of {@code log}).</li>
 *   <li>For each table registered in the current state, a version is kept when any retained state pins it on any
 *       branch, when a tag names it, when a pending sidecar names it (its expected version and the two after it,
 *       which the writer or recovery may commit), when it is above the table's newest pin in the current state (an
 *       operation may be pending on it, even one whose sidecar cannot be read), when it is among the table's newest
 *       {@code keep} versions, or when it is younger than {@code olderThan}. Every file a kept version references
 *       stays ({@link VersionCleaner}).</li>
 * </ul>
 *
 * Writers may run concurrently: pins only ever move to versions newer than the ones this cleanup lists, and the
 * cleaner removes only files referenced by the versions it removes.
 */
public final class CatalogCleanup {
    private final Catalog catalog;

    CatalogCleanup(Catalog catalog) {
        this.catalog = catalog;
    }

    /** What one cleanup removed: per table, and of the catalog's own states. */
    public record Result(SortedMap<String, RemovalStats> tables, RemovalStats states, List<Long> retainedStates) {}

    Result run(Duration olderThan, int keep) {
        if (keep < 1) {
            throw new IllegalArgumentException(
                    "keep must be at least 1 (the current state is always kept), not " + keep);
        }
        Instant cutoff = catalog.options().clock().instant().minus(olderThan);
        CatalogSnapshot current = catalog.snapshot();
        List<CatalogSnapshot> retained = retainedStates(current, cutoff, keep);
        Map<String, Set<Long>> referenced = new TreeMap<>();
        for (CatalogSnapshot state : retained) {
            for (Map<String, Pin> byKey : state.pins().values()) {
                byKey.forEach((key, pin) -> state.path(key).ifPresent(path -> referenced
                        .computeIfAbsent(path, p -> new HashSet<>())
                        .add(pin.version())));
            }
        }
        addPendingSidecars(referenced);
        SortedMap<String, RemovalStats> removed = new TreeMap<>();
        for (Map.Entry<String, String> table : current.tables().entrySet()) {
            String path = table.getValue();
            Storage storage = catalog.tableStorage(path);
            List<ManifestStore.Location> versions = new ManifestStore(storage).list();
            if (versions.isEmpty()) {
                continue;
            }
            Set<Long> keepVersions = new HashSet<>(referenced.getOrDefault(path, Set.of()));
            long newestPin = current.pins().values().stream()
                    .map(byKey -> byKey.get(table.getKey()))
                    .filter(java.util.Objects::nonNull)
                    .mapToLong(Pin::version)
                    .max()
                    .orElse(0);
            versions.stream()
                    .map(ManifestStore.Location::version)
                    .filter(v -> v > newestPin)
                    .forEach(keepVersions::add);
            long firstOfNewest =
                    versions.get(Math.max(0, versions.size() - keep)).version();
            removed.put(
                    table.getKey(),
                    new VersionCleaner(storage, catalog.options().clock())
                            .clean(CleanupPolicy.builder()
                                    .withBeforeTimestampMillis(cutoff.toEpochMilli())
                                    .withBeforeVersion(firstOfNewest)
                                    .withRetainedVersions(keepVersions)
                                    .withErrorIfTaggedOldVersions(false)
                                    .build()));
        }
        long firstRetained = retained.get(retained.size() - 1).manifestVersion();
        RemovalStats states = catalog.removeStatesBefore(firstRetained);
        return new Result(
                removed,
                states,
                retained.stream().map(CatalogSnapshot::manifestVersion).sorted().toList());
    }

    /** The newest {@code keep} states and every state committed at or after {@code cutoff}, newest first. */
    private List<CatalogSnapshot> retainedStates(CatalogSnapshot current, Instant cutoff, int keep) {
        List<Long> stored = catalog.stateVersions();
        List<CatalogSnapshot> out = new ArrayList<>();
        out.add(current);
        for (int i = stored.size() - 1; i >= 0; i--) {
            long version = stored.get(i);
            if (version >= current.manifestVersion()) {
                continue;
            }
            CatalogSnapshot state = catalog.snapshotAt(version);
            if (out.size() >= keep && state.head().time().isBefore(cutoff)) {
                break;
            }
            out.add(state);
        }
        return out;
    }

    /** Versions named by pending sidecars: expected, expected + 1 (the operation) and + 2 (a restore). */
    private void addPendingSidecars(Map<String, Set<Long>> referenced) {
        for (String key : RecoverySweep.pending(catalog.root())) {
            Optional<byte[]> bytes;
            try {
                bytes = catalog.root().readIfExists(key);
            } catch (IOException e) {
                throw new dev.plainlance.lance.error.LanceIOException(
                        "cannot read " + catalog.root().describe(key) + " during catalog cleanup", e);
            }
            if (bytes.isEmpty()) {
                continue;
            }
            IntentSidecar sidecar;
            try {
                sidecar = SidecarCodec.decode(bytes.get(), key, catalog.root().describe(key));
            } catch (CorruptSidecarException unreadable) {
                continue; // its versions are above the pins, which are kept anyway
            }
            for (TableIntent table : sidecar.tables()) {
                Set<Long> versions = referenced.computeIfAbsent(table.path(), p -> new HashSet<>());
                for (long v = table.expectedVersion(); v <= table.expectedVersion() + 2; v++) {
                    versions.add(v);
                }
            }
        }
    }
}
