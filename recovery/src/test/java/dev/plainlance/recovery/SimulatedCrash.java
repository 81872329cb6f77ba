package dev.plainlance.recovery;

import dev.plainlance.lance.failpoint.Failpoint;

/** Thrown by a test's failpoint handler: the process "dies" there. An Error, so no product code swallows it. */
final class SimulatedCrash extends Error {
    SimulatedCrash(Failpoint at) {
        super("simulated crash at " + at);
    }
}
