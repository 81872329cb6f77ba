package dev.plainlance.graph;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The rows of a match so far, by column: one {@code int} column per bound variable (a node's ordinal, an edge's
 * slot, a path's index; -1 for the null of an optional match) and a multiplicity per row. A multiplicity above one
 * stands for that many equal rows whose differing variable is only counted (see {@link QueryExecutor}). Immutable.
 */
final class BindingFrame {
    final List<String> variables;
    final int[][] columns;
    /** Each row's multiplicity, or null when every row counts once. */
    final long[] weights;

    final int size;

    private BindingFrame(List<String> variables, int[][] columns, long[] weights, int size) {
        this.variables = variables;
        this.columns = columns;
        this.weights = weights;
        this.size = size;
    }

    /** One row that binds nothing: where every match starts. */
    static BindingFrame unit() {
        return new BindingFrame(List.of(), new int[0][], null, 1);
    }

    int column(String variable) {
        return variables.indexOf(variable);
    }

    boolean binds(String variable) {
        return variables.contains(variable);
    }

    int value(String variable, int row) {
        return columns[column(variable)][row];
    }

    long weight(int row) {
        return weights == null ? 1 : weights[row];
    }

    /** A builder of frames whose variables are this frame's plus {@code added}. */
    Builder extend(String... added) {
        List<String> names = new ArrayList<>(variables);
        names.addAll(List.of(added));
        return new Builder(this, names, Math.max(16, size));
    }

    /** A builder of frames with this frame's variables (for filters). */
    Builder filtered() {
        return new Builder(this, variables, Math.max(16, size));
    }

    /** Builds a frame row by row, each row copying a row of the frame it came from. */
    static final class Builder {
        private final BindingFrame from;
        private final List<String> names;
        private final int inherited;
        private final int[][] columns;
        private long[] weights;
        private int capacity;
        private int size;

        private Builder(BindingFrame from, List<String> names, int capacity) {
            this.from = from;
            this.names = List.copyOf(names);
            this.inherited = from.variables.size();
            this.capacity = capacity;
            this.columns = new int[names.size()][capacity];
        }

        /** Adds row {@code row} of the source frame, extended by {@code values} for the added variables. */
        void add(int row, int... values) {
            addWeighted(row, from.weight(row), values);
        }

        /** {@link #add}, with multiplicity {@code weight} (rows of weight 0 are left out). */
        void addWeighted(int row, long weight, int... values) {
            if (weight == 0) {
                return;
            }
            if (size == capacity) {
                grow();
            }
            for (int c = 0; c < inherited; c++) {
                columns[c][size] = from.columns[c][row];
            }
            for (int i = 0; i < values.length; i++) {
                columns[inherited + i][size] = values[i];
            }
            if (weight != 1 && weights == null) {
                weights = new long[capacity];
                Arrays.fill(weights, 0, size, 1);
            }
            if (weights != null) {
                weights[size] = weight;
            }
            size++;
        }

        private void grow() {
            capacity *= 2;
            for (int c = 0; c < columns.length; c++) {
                columns[c] = Arrays.copyOf(columns[c], capacity);
            }
            if (weights != null) {
                weights = Arrays.copyOf(weights, capacity);
            }
        }

        int size() {
            return size;
        }

        BindingFrame build() {
            int[][] out = new int[columns.length][];
            for (int c = 0; c < columns.length; c++) {
                out[c] = Arrays.copyOf(columns[c], size);
            }
            return new BindingFrame(names, out, weights == null ? null : Arrays.copyOf(weights, size), size);
        }
    }
}
