package dev.plainlance.graph.query;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Collects {@link QueryError}s against one source text. */
final class Diagnostics {
    private final String fileName;
    private final String[] lines;
    private final List<QueryError> errors = new ArrayList<>();

    Diagnostics(String source, String fileName) {
        this.fileName = fileName;
        this.lines = source.split("\r\n|\r|\n", -1);
    }

    void error(SourcePos pos, QueryErrorCode code, String message) {
        String text = pos.line() - 1 < lines.length ? lines[pos.line() - 1] : "";
        errors.add(new QueryError(code, message, fileName, pos.line(), pos.column(), text));
    }

    /** Adds a fatal error and returns the exception reporting it with every error so far. */
    QueryException fail(SourcePos pos, QueryErrorCode code, String message) {
        error(pos, code, message);
        return exception();
    }

    /** How many errors there are so far. */
    int count() {
        return errors.size();
    }

    void throwIfAny() {
        if (!errors.isEmpty()) {
            throw exception();
        }
    }

    /** Errors in source order, whichever pass found them (a stable sort: same-position errors keep their order). */
    private QueryException exception() {
        List<QueryError> sorted = new ArrayList<>(errors);
        sorted.sort(Comparator.comparingInt(QueryError::line).thenComparingInt(QueryError::column));
        return new QueryException(sorted);
    }
}
