package dev.plainlance.lance.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** {@link Samples#positions}: min(n, total) distinct positions of [0, total), ascending. */
class SamplesProperties {
    @Property(tries = 300)
    void distinctAscendingPositionsInRange(
            @ForAll @IntRange(min = 0, max = 300) int n,
            @ForAll @IntRange(min = 0, max = 300) int total,
            @ForAll @LongRange long seed) {
        List<Long> positions = Samples.positions(n, total, new SplittableRandom(seed));
        assertEquals(Math.min(n, total), positions.size());
        for (int i = 0; i < positions.size(); i++) {
            assertTrue(positions.get(i) >= 0 && positions.get(i) < total, positions.toString());
            assertTrue(i == 0 || positions.get(i - 1) < positions.get(i), positions.toString());
        }
    }

    /** Every position is drawn about equally often: each of 10 positions in 3 of 10 draws, over 20,000 samples. */
    @Property(tries = 3)
    void uniform(@ForAll @LongRange long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int[] counts = new int[10];
        for (int i = 0; i < 20_000; i++) {
            Samples.positions(3, 10, random).forEach(p -> counts[p.intValue()]++);
        }
        for (int count : counts) {
            assertTrue(Math.abs(count - 6_000) < 600, java.util.Arrays.toString(counts));
        }
    }
}
