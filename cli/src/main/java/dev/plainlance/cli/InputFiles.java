package dev.plainlance.cli;

import dev.plainlance.cli.parquet.ParquetArrowReader;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import picocli.CommandLine;

/** Opens the {@code --input} of write and merge commands as Arrow batches, by file name. */
final class InputFiles {
    static final String DESCRIPTION = "Arrow IPC file (.arrow/.feather), Parquet (.parquet), JSON Lines (.jsonl/"
            + ".ndjson/.json, needs --schema) or Arrow IPC stream (any other name).";
    private static final int BATCH_ROWS = 64 * 1024;
    static final String SCHEMA_DESCRIPTION = "Columns of JSON Lines input, one 'name:type' per line ('?' suffix:"
            + " nullable); types: bool, int8, int16, int32, int64, float32, float64, string, date, timestamp.";

    private InputFiles() {}

    /**
     * A reader of {@code input}; {@code schema} is required for JSON Lines and refused otherwise.
     *
     * @throws IllegalArgumentException for a missing file
     * @throws CommandLine.ParameterException for a misplaced or missing {@code --schema}
     */
    static ArrowReader open(Path input, Path schema, CommandLine command, BufferAllocator allocator)
            throws IOException {
        if (!Files.isRegularFile(input)) {
            throw new IllegalArgumentException("input file " + input + " does not exist");
        }
        String name = input.getFileName().toString();
        boolean jsonLines = name.endsWith(".jsonl") || name.endsWith(".ndjson") || name.endsWith(".json");
        if (jsonLines != (schema != null)) {
            throw new CommandLine.ParameterException(
                    command,
                    jsonLines
                            ? "JSON Lines input " + input + " needs --schema FILE"
                            : "--schema applies to JSON Lines input (.jsonl, .ndjson, .json) only");
        }
        if (name.endsWith(".parquet")) {
            return ParquetArrowReader.open(input, BATCH_ROWS, allocator);
        }
        if (jsonLines) {
            return new JsonLinesReader(
                    Files.newBufferedReader(input), ColumnSpecs.read(schema), input.toString(), allocator);
        }
        if (name.endsWith(".arrow") || name.endsWith(".feather")) {
            return new ArrowFileReader(FileChannel.open(input, StandardOpenOption.READ), allocator);
        }
        return new ArrowStreamReader(Files.newInputStream(input), allocator);
    }
}
