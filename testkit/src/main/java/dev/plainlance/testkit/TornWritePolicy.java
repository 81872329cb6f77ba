package dev.plainlance.testkit;

/**
 * What a crash does to the mutating storage operation it interrupts (the crash states of Lucene's
 * {@code MockDirectoryWrapper.crash()} and of the ALICE study).
 */
public enum TornWritePolicy {
    /** The operation never happened: nothing of it is durable. */
    DROPPED,
    /** The operation completed durably, but its caller died before seeing the result (a lost acknowledgement). */
    KEPT,
    /**
     * The object appears with its tail zero-filled: a storage that breaks its atomicity promise. Plainlance cannot
     * be all-or-nothing on such storage; it must still never return wrong rows, only typed errors.
     */
    TAIL_ZEROED
}
