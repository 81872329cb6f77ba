package dev.plainlance.lance.error;

/** A dataset, version or tag that was asked for does not exist. */
public class NotFoundException extends LanceException {
    public NotFoundException(String message) {
        super(message);
    }
}
