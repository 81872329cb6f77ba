package dev.plainlance.graph.schema;

import java.util.ArrayList;
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

    SchemaException fail(Pos pos, String code, String message) {
        error(pos, code, message);
        return new SchemaException(errors);
    }

    void throwIfAny() {
        if (!errors.isEmpty()) {
            throw new SchemaException(errors);
        }
    }
}
