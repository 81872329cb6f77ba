package dev.plainlance.lance.file.codec;

/**
 * Raised by decoders when encoded bytes are inconsistent. Readers wrap it into a {@link
 * dev.plainlance.lance.file.format.LanceFileFormatException} that names the file and column.
 */
public final class DecodeException extends RuntimeException {

    public DecodeException(String message) {
        super(message);
    }

    public DecodeException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Throws unless {@code condition} holds. */
    public static void check(boolean condition, String message) {
        if (!condition) {
            throw new DecodeException(message);
        }
    }

    /** Converts a long to int, failing if it is negative or does not fit. */
    public static int toInt(long value, String what) {
        if (value < 0 || value > Integer.MAX_VALUE - 64) {
            throw new DecodeException(what + " out of range: " + value);
        }
        return (int) value;
    }
}
