package dev.plainlance.catalog;

import dev.plainlance.lance.Dataset;
import dev.plainlance.lance.env.Env;
import dev.plainlance.lance.error.NotFoundException;
import dev.plainlance.lance.table.TableSnapshot;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.arrow.memory.BufferAllocator;

/**
 * A read view bound to one catalog state: every table of one branch at that state's pins. However many publishes
 * land while it lives, the view keeps reading the same state, so reading node tables and then edge tables sees one
 * consistent graph. A view may also carry staged (uncommitted) snapshots of some tables, for an operation reading
 * its own writes before it commits; those shadow the pins.
 *
 * <p>Snapshots are loaded on first use and kept; the view is safe for concurrent use.
 */
public final class CatalogView {
    private final Catalog catalog;
    private final CatalogSnapshot state;
    private final String branch;
    private final Map<String, TableSnapshot> staged;
    private final Map<String, TableSnapshot> loaded = new ConcurrentHashMap<>();

    CatalogView(Catalog catalog, CatalogSnapshot state, String branch, Map<String, TableSnapshot> staged) {
        this.catalog = catalog;
        this.state = state;
        this.branch = TableKeys.checkBranch(branch);
        this.staged = Collections.unmodifiableMap(new TreeMap<>(staged));
    }

    /** The catalog state this view reads. */
    public CatalogSnapshot state() {
        return state;
    }

    public String branch() {
        return branch;
    }

    /** The keys of the tables this view can read: those pinned on its branch, plus staged ones. */
    public Set<String> tables() {
        Set<String> keys = new TreeSet<>(state.pins(branch).keySet());
        keys.retainAll(state.tables().keySet());
        keys.addAll(staged.keySet());
        return Collections.unmodifiableSet(keys);
    }

    /** Whether {@code key} is staged in this view, not read from a pin. */
    public boolean isStaged(String key) {
        return staged.containsKey(key);
    }

    /** The table {@code key} as this view sees it. */
    public TableSnapshot table(String key) {
        TableSnapshot own = staged.get(key);
        if (own != null) {
            return own;
        }
        return loaded.computeIfAbsent(key, this::load);
    }

    /** The table {@code key} as this view sees it, as a dataset allocating from {@code allocator}. */
    public Dataset open(String key, BufferAllocator allocator) {
        return Dataset.of(
                table(key), Env.defaults(allocator).withClock(catalog.options().clock()));
    }

    /** The same state, with {@code more} staged snapshots shadowing the pins of their tables. */
    public CatalogView withStaged(Map<String, TableSnapshot> more) {
        Map<String, TableSnapshot> all = new TreeMap<>(staged);
        all.putAll(more);
        return new CatalogView(catalog, state, branch, all);
    }

    private TableSnapshot load(String key) {
        String path = state.path(key)
                .orElseThrow(() -> new NotFoundException("no table " + key + " in the catalog at "
                        + catalog.root().describe("")));
        Pin pin = state.pin(branch, key)
                .orElseThrow(
                        () -> new NotFoundException("table " + key + " has no published version on branch " + branch));
        return catalog.tableAt(path, pin);
    }
}
