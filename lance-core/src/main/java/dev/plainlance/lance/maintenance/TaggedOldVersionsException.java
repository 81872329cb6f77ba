package dev.plainlance.lance.maintenance;

import dev.plainlance.lance.error.LanceException;

/** A cleanup policy selects tagged versions while the policy asks to fail on them; nothing was removed. */
public class TaggedOldVersionsException extends LanceException {
    public TaggedOldVersionsException(String message) {
        super(message);
    }
}
