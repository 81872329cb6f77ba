package dev.plainlance.graph.query;

import dev.plainlance.lance.error.LanceException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A {@code .gq} source does not parse or does not check. {@link #getMessage()} is one line: the first error and how
 * many more there are; {@link #errors()} has them all, in source order, and {@link #render()} shows each with a
 * caret.
 */
public final class QueryException extends LanceException {
    private static final long serialVersionUID = 1L;

    private final transient List<QueryError> errors;

    public QueryException(List<QueryError> errors) {
        super(summary(errors));
        this.errors = List.copyOf(errors);
    }

    public List<QueryError> errors() {
        return errors;
    }

    /** Every error with its source line and caret, separated by newlines. */
    public String render() {
        return errors.stream().map(QueryError::render).collect(Collectors.joining("\n"));
    }

    private static String summary(List<QueryError> errors) {
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("a QueryException needs at least one error");
        }
        int more = errors.size() - 1;
        return errors.get(0).oneLine()
                + (more == 0 ? "" : " (and " + more + " more error" + (more == 1 ? "" : "s") + ")");
    }
}
