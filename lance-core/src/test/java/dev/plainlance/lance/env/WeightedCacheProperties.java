package dev.plainlance.lance.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * {@link WeightedCache} against a model of a least-recently-used cache bounded by weight: the same lookups hit and
 * miss, the weight kept is the model's and never exceeds the capacity, a closed cache keeps nothing.
 */
class WeightedCacheProperties {
    /** A lookup of key {@code key}, whose value weighs {@code weight} when loaded. */
    record Lookup(int key, int weight) {}

    @Provide
    Arbitrary<List<Lookup>> lookups() {
        return net.jqwik.api.Combinators.combine(
                        Arbitraries.integers().between(0, 9),
                        Arbitraries.integers().between(1, 60))
                .as(Lookup::new)
                .list()
                .ofMaxSize(200);
    }

    @Property(tries = 300)
    void behavesAsAWeightBoundedLeastRecentlyUsedCache(
            @ForAll("lookups") List<Lookup> lookups, @ForAll @IntRange(min = 0, max = 200) int capacity) {
        WeightedCache<String> cache = new WeightedCache<>(capacity);
        LinkedHashMap<Integer, Integer> model = new LinkedHashMap<>(16, 0.75f, true);
        long modelWeight = 0;
        long hits = 0;
        for (Lookup lookup : lookups) {
            String value = cache.get("k" + lookup.key(), () -> "v" + lookup.key(), v -> lookup.weight());
            assertEquals("v" + lookup.key(), value);
            if (model.get(lookup.key()) != null) {
                hits++;
            } else if (lookup.weight() <= capacity) {
                model.put(lookup.key(), lookup.weight());
                modelWeight += lookup.weight();
                Iterator<Map.Entry<Integer, Integer>> eldest = model.entrySet().iterator();
                while (modelWeight > capacity) {
                    modelWeight -= eldest.next().getValue();
                    eldest.remove();
                }
            }
            assertEquals(modelWeight, cache.sizeBytes());
            assertTrue(cache.sizeBytes() <= capacity);
        }
        assertEquals(hits, cache.hits());
        assertEquals(lookups.size() - hits, cache.misses());
        cache.close();
        cache.get("k0", () -> "v0", v -> 1);
        assertEquals(0, cache.sizeBytes(), "a closed cache keeps nothing");
    }
}
