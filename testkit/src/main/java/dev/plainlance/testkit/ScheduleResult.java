package dev.plainlance.testkit;

import java.util.List;

/**
 * What one crash schedule did.
 *
 * @param crashPoints where crashes actually happened (empty if the chosen points were never reached)
 * @param outcome what recovery (or the reopen) decided for the interrupted operation
 * @param violations broken invariants; must be empty
 * @param trace the schedule, for replay and for failure messages
 */
public record ScheduleResult(List<String> crashPoints, Outcome outcome, List<String> violations, String trace) {
    public ScheduleResult {
        crashPoints = List.copyOf(crashPoints);
        violations = List.copyOf(violations);
    }

    /** The interrupted operation's fate. */
    public enum Outcome {
        ROLLED_FORWARD,
        ROLLED_BACK,
        NOTHING_TO_DO
    }
}
