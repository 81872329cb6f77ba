package dev.plainlance.lance.env;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * A least-recently-used cache bounded by the estimated bytes of its values. Thread-safe; a value is loaded outside the
 * lock, so two threads missing the same key may both load it (the values are equal: they describe immutable files).
 * A value heavier than the whole capacity is returned but not kept.
 *
 * @param <V> the cached values, immutable
 */
public final class WeightedCache<V> {
    private record Entry<V>(V value, long weight) {}

    private final long capacity;
    private final LinkedHashMap<String, Entry<V>> entries = new LinkedHashMap<>(16, 0.75f, true);
    private long weight;
    private boolean closed;
    private long hits;
    private long misses;

    /** A cache of at most {@code capacityBytes} (0 keeps nothing). */
    public WeightedCache(long capacityBytes) {
        if (capacityBytes < 0) {
            throw new IllegalArgumentException("a cache size must not be negative, not " + capacityBytes);
        }
        this.capacity = capacityBytes;
    }

    /** The value of {@code key}, loaded by {@code loader} (and weighed by {@code weigher}) when not cached. */
    public V get(String key, Supplier<V> loader, ToLongFunction<V> weigher) {
        synchronized (this) {
            Entry<V> cached = entries.get(key);
            if (cached != null) {
                hits++;
                return cached.value();
            }
            misses++;
        }
        V value = loader.get();
        long w = Math.max(1, weigher.applyAsLong(value));
        if (w > capacity) {
            return value;
        }
        synchronized (this) {
            if (closed) {
                return value;
            }
            Entry<V> previous = entries.put(key, new Entry<>(value, w));
            weight += w - (previous == null ? 0 : previous.weight());
            Iterator<Map.Entry<String, Entry<V>>> eldest = entries.entrySet().iterator();
            while (weight > capacity && eldest.hasNext()) {
                weight -= eldest.next().getValue().weight();
                eldest.remove();
            }
        }
        return value;
    }

    /** The estimated bytes of the values kept. */
    public synchronized long sizeBytes() {
        return weight;
    }

    public long capacityBytes() {
        return capacity;
    }

    /** Lookups answered from the cache so far. */
    public synchronized long hits() {
        return hits;
    }

    /** Lookups that had to load so far. */
    public synchronized long misses() {
        return misses;
    }

    /** Drops every value. */
    public synchronized void clear() {
        entries.clear();
        weight = 0;
    }

    /** Drops every value and keeps none from now on: loads still work, uncached. */
    public synchronized void close() {
        clear();
        closed = true;
    }
}
