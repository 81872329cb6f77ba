package dev.plainlance.cli.parquet;

import dev.plainlance.lance.error.LanceException;

/** A Parquet file that cannot be read: corrupt or truncated, or using a feature plainlance does not import. */
public final class ParquetInputException extends LanceException {
    public ParquetInputException(String file, String problem) {
        super(file + ": " + problem);
    }

    public ParquetInputException(String file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }
}
