package dev.plainlance.testkit;

import java.util.Random;

/**
 * Something a crash campaign can crash: it runs one random schedule of operations on an in-memory storage,
 * crashes where told, restarts, recovers, and checks its invariants. Implement it to crash-test your own code.
 */
public interface CrashTarget {
    /** A short name for reports. */
    String name();

    /** Runs one schedule drawn from {@code random}. Must not throw for a broken invariant: report a violation. */
    ScheduleResult run(Random random);
}
