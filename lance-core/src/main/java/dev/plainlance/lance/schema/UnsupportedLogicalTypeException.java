package dev.plainlance.lance.schema;

import dev.plainlance.lance.error.UnsupportedFeatureException;

/**
 * A logical type string is unknown or malformed, or an Arrow type has no Lance logical type. The message names the
 * field and the offending type.
 */
public class UnsupportedLogicalTypeException extends UnsupportedFeatureException {
    public UnsupportedLogicalTypeException(String message) {
        super(message);
    }
}
