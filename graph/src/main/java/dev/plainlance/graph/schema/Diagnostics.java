package dev.plainlance.graph.schema;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Collects {@link SchemaError}s against one source text. */
final class Diagnostics {
    private final String fileName;
    private final String[] lines;
    private final List<SchemaError> errors = new ArrayList<>();

    Diagnostics(String source, String fileName) {
        this.fileName = fileName;
        this.lines = source.split("\r\n|\r|\n", -1);
    }

    void error(Pos pos, String code, String message) {
        String text = pos.line() - 1 < lines.length ? lines[pos.line() - 1] : "";
        errors.add(new SchemaError(code, message, fileName, pos.line(), pos.column(), text));
    }

    /** Adds a fatal error and returns the exception reporting it with every error so far. */
    SchemaException fail(Pos pos, String code, String message) {
        error(pos, code, message);
        return exception();
    }

    void throwIfAny() {
        if (!errors.isEmpty()) {
            throw exception();
        }
    }

    /** Errors in source order, whichever pass found them. */
    private SchemaException exception() {
        List<SchemaError> sorted = new ArrayList<>(errors);
        sorted.sort(Comparator.comparingInt(SchemaError::line).thenComparingInt(SchemaError::column));
        return new SchemaException(sorted);
    }
}
