package dev.plainlance.testkit;

import java.time.Duration;
import java.util.Random;

/**
 * Runs {@code N} random crash schedules against a {@link CrashTarget}. Schedule {@code i} uses the seed
 * {@code new Random(seed).nextLong()} drawn {@code i} times, and a violation report prints it, so any failure
 * replays alone with {@link #replay}.
 */
public final class CrashCampaign {
    private final CrashTarget target;

    public CrashCampaign(CrashTarget target) {
        this.target = target;
    }

    /** Runs {@code schedules} schedules from {@code seed}. */
    public CampaignReport run(int schedules, long seed) {
        CampaignReport report = new CampaignReport(target.name(), seed);
        Random seeds = new Random(seed);
        long start = System.nanoTime();
        for (int i = 0; i < schedules; i++) {
            long scheduleSeed = seeds.nextLong();
            report.add(i, scheduleSeed, target.run(new Random(scheduleSeed)));
        }
        report.finish(Duration.ofNanos(System.nanoTime() - start));
        return report;
    }

    /** Runs the one schedule of {@code scheduleSeed} (from a violation report). */
    public ScheduleResult replay(long scheduleSeed) {
        return target.run(new Random(scheduleSeed));
    }

    /** The built-in target named {@code name}: {@code dataset} or {@code catalog}. */
    public static CrashTarget target(String name) {
        return switch (name) {
            case "catalog" -> new CatalogTarget();
            case "dataset" -> new DatasetTarget();
            default ->
                throw new IllegalArgumentException("unknown crash target '" + name + "'; use dataset or catalog");
        };
    }
}
