package dev.plainlance.lance.write;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

/**
 * The index order of integer keys (nulls first, then ascending, ties in scan order) equals a stable comparison
 * sort, for sorted, nearly sorted and random keys, small keys (whose high digits are all equal) and negative ones.
 */
class IndexOrderProperties {
    @Property(tries = 300)
    void integerKeysAreOrderedAsAStableSort(
            @ForAll @Size(max = 300) List<@LongRange(min = -5, max = 70_000) Long> small,
            @ForAll long offset,
            @ForAll @IntRange(min = 0, max = 3) int shape,
            @ForAll @Size(max = 6) List<@IntRange(min = 0, max = 299) Integer> nullAt) {
        int n = small.size();
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            long k = small.get(i);
            keys[i] = switch (shape) {
                case 0 -> k;
                case 1 -> i; // written sorted
                case 2 -> i + (k % 3 == 0 ? -2 : 0); // nearly sorted
                default -> k * 1_000_003L + offset; // spread over every digit
            };
        }
        BitSet nulls = new BitSet();
        nullAt.stream().filter(i -> i < n).forEach(nulls::set);
        int[] order = new IndexBuilder.Column(null, keys, nulls, new long[n], n).order();

        List<Integer> expected = new ArrayList<>();
        nulls.stream().forEach(expected::add);
        List<Integer> rest = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (!nulls.get(i)) {
                rest.add(i);
            }
        }
        rest.sort(Comparator.comparingLong(i -> keys[i]));
        expected.addAll(rest);
        assertArrayEquals(expected.stream().mapToInt(Integer::intValue).toArray(), order);
    }
}
