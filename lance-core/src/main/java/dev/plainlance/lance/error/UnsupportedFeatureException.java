package dev.plainlance.lance.error;

/** The dataset uses a format feature this version of plainlance does not implement; nothing was read or written. */
public class UnsupportedFeatureException extends LanceException {
    public UnsupportedFeatureException(String message) {
        super(message);
    }
}
