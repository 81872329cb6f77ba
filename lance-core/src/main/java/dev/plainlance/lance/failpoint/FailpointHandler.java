package dev.plainlance.lance.failpoint;

/** Decides what happens when execution reaches a failpoint: return to continue, throw or halt to crash. */
@FunctionalInterface
public interface FailpointHandler {
    void reached(Failpoint point);
}
