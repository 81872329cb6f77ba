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
 *       stays ({@link VersionCleaner}), and so does every version a Lance branch was created from.</li>
 *   <li>A table's Lance branches that catalog branches forked ({@code {prefix}.{operation}}) are removed when no
 *       retained state pins them on any branch, no pending sidecar names them, no other Lance branch was created from
 *       them, and they were created before {@code olderThan} and before the recovery lease: those of deleted catalog
 *       branches, and forks of attempts that died before moving their pin. A fork a live writer just made is younger
 *       than the lease.</li>
 * </ul>
 *
 * Writers may run concurrently: pins only ever move to versions newer than the ones this cleanup lists, and the
 * cleaner removes only files referenced by the versions it removes.
 */
public final class CatalogCleanup {
    private final Catalog catalog;

    CatalogCleanup(Catalog catalog, java.time.Duration lease) {
        this.catalog = catalog;
        this.lease = lease;
    }

    /** Names of Lance branches catalog branches fork: {@code {prefix}.{operation}}, both lower-case ULIDs. */
    private static final java.util.regex.Pattern FORK = java.util.regex.Pattern.compile("[0-9a-z]{26}\\.[0-9a-z]{26}");

    private final java.time.Duration lease;

    /**
     * What one cleanup removed: per table, its Lance branches, and the catalog's own states.
     *
     * @param forks per table key, the Lance branches removed
     */
    public record Result(
            SortedMap<String, RemovalStats> tables,
            RemovalStats states,
            List<Long> retainedStates,
            SortedMap<String, List<String>> forks) {}

    Result run(Duration olderThan, int keep) {
        if (keep < 1) {
            throw new IllegalArgumentException(
                    "keep must be at least 1 (the current state is always kept), not " + keep);
        }
        Instant cutoff = catalog.options().clock().instant().minus(olderThan);
        CatalogSnapshot current = catalog.snapshot();
        List<CatalogSnapshot> retained = retainedStates(current, cutoff, keep);
        Map<String, Set<Long>> referenced = new TreeMap<>();
        Map<String, Set<String>> lines = new TreeMap<>();
        for (CatalogSnapshot state : retained) {
            for (Map<String, Pin> byKey : state.pins().values()) {
                byKey.forEach((key, pin) -> state.path(key).ifPresent(path -> {
                    referenced.computeIfAbsent(path, p -> new HashSet<>()).add(pin.version());
                    pin.lanceBranch().ifPresent(line -> lines.computeIfAbsent(path, p -> new HashSet<>())
                            .add(line));
                }));
            }
        }
        addPendingSidecars(referenced, lines);
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
        Instant forkCutoff = cutoff.isBefore(catalog.options().clock().instant().minus(lease))
                ? cutoff
                : catalog.options().clock().instant().minus(lease);
        SortedMap<String, List<String>> forks = new TreeMap<>();
        current.tables().forEach((key, path) -> {
            List<String> gone = removeForks(path, lines.getOrDefault(path, Set.of()), forkCutoff);
            if (!gone.isEmpty()) {
                forks.put(key, gone);
            }
        });
        long firstRetained = retained.get(retained.size() - 1).manifestVersion();
        RemovalStats states = catalog.removeStatesBefore(firstRetained);
        return new Result(
                removed,
                states,
                retained.stream().map(CatalogSnapshot::manifestVersion).sorted().toList(),
                forks);
    }

    /** Removes the table's forks that nothing named in {@code kept} or created from them needs; returns them. */
    private List<String> removeForks(String path, Set<String> kept, Instant cutoff) {
        dev.plainlance.lance.io.Storage storage = catalog.tableStorage(path);
        List<dev.plainlance.lance.table.Branch> branches = new dev.plainlance.lance.table.BranchStore(storage).list();
        Set<String> parents = new HashSet<>();
        branches.forEach(b -> b.getParentBranch().ifPresent(parents::add));
        List<String> removed = new ArrayList<>();
        for (dev.plainlance.lance.table.Branch branch : branches) {
            String name = branch.getName();
            if (FORK.matcher(name).matches()
                    && !kept.contains(name)
                    && !parents.contains(name)
                    && branch.getCreateAt() < cutoff.getEpochSecond()) {
                dev.plainlance.lance.Dataset.of(
                                dev.plainlance.lance.table.TableSnapshot.latest(storage, storage.describe("")),
                                catalog.tableEnv())
                        .branches()
                        .delete(name);
                removed.add(name);
            }
        }
        return removed;
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

    /**
     * Versions named by pending sidecars: expected, expected + 1 (the operation) and + 2 (a restore); and the Lance
     * branches they commit on.
     */
    private void addPendingSidecars(Map<String, Set<Long>> referenced, Map<String, Set<String>> lines) {
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
                table.lanceBranch().ifPresent(line -> lines.computeIfAbsent(table.path(), p -> new HashSet<>())
                        .add(line));
                Set<Long> versions = referenced.computeIfAbsent(table.path(), p -> new HashSet<>());
                for (long v = table.expectedVersion(); v <= table.expectedVersion() + 2; v++) {
                    versions.add(v);
                }
            }
        }
    }
}
