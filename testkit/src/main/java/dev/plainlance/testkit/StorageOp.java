package dev.plainlance.testkit;

/** The mutating operations of a {@link dev.plainlance.lance.io.Storage}, as counted by the fault injector. */
public enum StorageOp {
    PUT_IF_ABSENT,
    STREAM_COMMIT,
    REPLACE,
    DELETE
}
