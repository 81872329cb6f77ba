package dev.plainlance.lance.commit;

/**
 * The commit lost the race for the next version to a concurrent writer (or its write did not land). The same
 * transaction may be rebuilt on top of the new version and tried again, which {@link Committer} does by itself;
 * callers see this only when those retries run out.
 */
public final class CommitRaceLostException extends CommitConflictException {
    public CommitRaceLostException(String message) {
        super(message);
    }
}
