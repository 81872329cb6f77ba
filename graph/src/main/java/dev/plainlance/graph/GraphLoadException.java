package dev.plainlance.graph;

import dev.plainlance.lance.error.LanceException;
import java.util.List;

/**
 * A load was refused before anything was written: the graph is exactly as it was. {@link #getMessage()} is one line
 * (the first problem and how many more); {@link #problems()} lists up to the load's error limit.
 */
public final class GraphLoadException extends LanceException {
    private static final long serialVersionUID = 1L;

    private final transient List<LoadProblem> problems;
    private final boolean truncated;

    public GraphLoadException(List<LoadProblem> problems, boolean truncated) {
        super(summary(problems, truncated));
        this.problems = List.copyOf(problems);
        this.truncated = truncated;
    }

    public List<LoadProblem> problems() {
        return problems;
    }

    /** Whether more problems were found than {@link #problems()} lists. */
    public boolean truncated() {
        return truncated;
    }

    private static String summary(List<LoadProblem> problems, boolean truncated) {
        int more = problems.size() - 1;
        String tail;
        if (truncated) {
            tail = " (and more than " + more + " other problem" + (more == 1 ? "" : "s") + ")";
        } else {
            tail = more == 0 ? "" : " (and " + more + " more problem" + (more == 1 ? "" : "s") + ")";
        }
        return "load refused, nothing changed: " + problems.get(0).oneLine() + tail;
    }
}
