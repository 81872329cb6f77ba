package dev.plainlance.lance.commit;

/**
 * A Delete or Update met a concurrent Delete or Update of some of the same fragments. {@link Committer} tries to
 * rebase it row by row ({@link DeletionRebase}); this is what callers see when that is impossible.
 */
final class DeletionOverlapException extends CommitConflictException {
    DeletionOverlapException(String message) {
        super(message);
    }
}
