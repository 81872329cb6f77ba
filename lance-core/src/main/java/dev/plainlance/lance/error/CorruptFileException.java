package dev.plainlance.lance.error;

/** A file exists but its bytes do not follow the Lance format (truncated, bad magic, bad lengths...). */
public class CorruptFileException extends LanceException {
    private final String file;

    public CorruptFileException(String file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    public CorruptFileException(String file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
    }

    /** The location of the offending file. */
    public String file() {
        return file;
    }
}
