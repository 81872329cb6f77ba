package dev.plainlance.lance.scan;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;

/** Random row positions for {@code Dataset.sample}. */
public final class Samples {
    private Samples() {}

    /**
     * {@code n} distinct positions of {@code [0, total)} drawn uniformly without replacement (all of them when
     * {@code n >= total}), ascending. Floyd's algorithm: {@code n} draws whatever {@code total} is.
     */
    public static List<Long> positions(long n, long total, SplittableRandom random) {
        if (n >= total) {
            List<Long> all = new ArrayList<>();
            for (long i = 0; i < total; i++) {
                all.add(i);
            }
            return all;
        }
        TreeSet<Long> chosen = new TreeSet<>();
        for (long j = total - n; j < total; j++) {
            long t = random.nextLong(j + 1);
            chosen.add(chosen.contains(t) ? j : t);
        }
        return new ArrayList<>(chosen);
    }
}
