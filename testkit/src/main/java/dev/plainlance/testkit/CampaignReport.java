package dev.plainlance.testkit;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The totals of a crash campaign, printable as a table. */
public final class CampaignReport {
    private final String target;
    private final long seed;
    private int schedules;
    private final Map<String, Integer> crashPoints = new TreeMap<>();
    private final Map<ScheduleResult.Outcome, Integer> outcomes = new TreeMap<>();
    private final List<String> violations = new ArrayList<>();
    private Duration elapsed = Duration.ZERO;

    CampaignReport(String target, long seed) {
        this.target = target;
        this.seed = seed;
    }

    void add(int schedule, long scheduleSeed, ScheduleResult result) {
        schedules++;
        result.crashPoints().forEach(p -> crashPoints.merge(p, 1, Integer::sum));
        outcomes.merge(result.outcome(), 1, Integer::sum);
        for (String violation : result.violations()) {
            violations.add("schedule " + schedule + " (replay with seed " + scheduleSeed + "): " + violation
                    + "\n    trace: " + result.trace());
        }
    }

    void finish(Duration took) {
        elapsed = took;
    }

    public int schedules() {
        return schedules;
    }

    /** Crashes that happened, by failpoint name (or {@code storage.<policy>} for storage-operation crashes). */
    public Map<String, Integer> crashPoints() {
        return crashPoints;
    }

    public Map<ScheduleResult.Outcome, Integer> outcomes() {
        return outcomes;
    }

    public List<String> violations() {
        return violations;
    }

    public Duration elapsed() {
        return elapsed;
    }

    /** Prints the summary table, then every violation with the seed that replays it. */
    public void print(PrintWriter out) {
        out.printf("crash campaign: target %s, seed %d%n", target, seed);
        out.printf("%-44s %10s%n", "schedules run", schedules);
        crashPoints.forEach((point, count) -> out.printf("%-44s %10d%n", "crashes at " + point, count));
        for (ScheduleResult.Outcome outcome : ScheduleResult.Outcome.values()) {
            out.printf(
                    "%-44s %10d%n",
                    "outcome "
                            + outcome.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '),
                    outcomes.getOrDefault(outcome, 0));
        }
        out.printf("%-44s %10d%n", "violations", violations.size());
        out.printf("%-44s %9.1fs%n", "time taken", elapsed.toMillis() / 1000.0);
        violations.forEach(v -> out.println("VIOLATION " + v));
        out.flush();
    }
}
