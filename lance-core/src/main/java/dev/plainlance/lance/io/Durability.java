package dev.plainlance.lance.io;

/**
 * What a completed write survives. Every level keeps the {@link Storage} contract against a crash of the writing
 * process (kill -9, an exception, an exit): an object is absent or complete, and a commit is visible in full or not
 * at all. The levels differ only after an operating-system crash or a power loss.
 */
public enum Durability {
    /**
     * Survives the crash of the writing process only, like official Lance 7.0.0 on a local file system (it writes
     * a temp file and renames or links it, and never calls fsync). After an OS crash or power loss the latest
     * commits may be lost, and files written shortly before may be missing or damaged, so a version may become
     * unreadable. For data that can be rebuilt, scratch tables and benchmarks.
     */
    PROCESS_CRASH,

    /**
     * Also survives an OS crash or power loss: a write call returns only after its bytes and its directory entry
     * are on stable storage (fsync of the file, then of its directory). A commit's data and transaction files are
     * durable before its manifest is published, so a durable manifest never names a lost file. The default.
     */
    POWER_LOSS
}
