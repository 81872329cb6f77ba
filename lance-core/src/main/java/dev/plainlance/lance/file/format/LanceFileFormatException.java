package dev.plainlance.lance.file.format;

/**
 * Thrown when a Lance data file is malformed, truncated, or uses an encoding this reader does not
 * support. The message names the file and, where known, the column.
 */
public class LanceFileFormatException extends dev.plainlance.lance.error.LanceException {

    public LanceFileFormatException(String message) {
        super(message);
    }

    public LanceFileFormatException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Builds the exception with a message prefixed by the file name and (if not null) the column.
     */
    public static LanceFileFormatException of(String file, String column, String message, Throwable cause) {
        StringBuilder text = new StringBuilder(file);
        if (column != null) {
            text.append(": column '").append(column).append('\'');
        }
        text.append(": ").append(message);
        return new LanceFileFormatException(text.toString(), cause);
    }
}
