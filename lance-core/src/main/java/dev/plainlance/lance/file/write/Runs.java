package dev.plainlance.lance.file.write;

import java.util.Arrays;

/** Ascending runs {@code [start, end)} of vector indices selected for writing. */
final class Runs {
    private int[] starts = new int[8];
    private int[] ends = new int[8];
    private int size;

    static Runs of(int start, int end) {
        Runs runs = new Runs();
        runs.add(start, end);
        return runs;
    }

    /** Adds a run, merging it with the previous one when they touch; empty runs are ignored. */
    void add(int start, int end) {
        if (start >= end) {
            return;
        }
        if (size > 0 && ends[size - 1] == start) {
            ends[size - 1] = end;
            return;
        }
        if (size == starts.length) {
            starts = Arrays.copyOf(starts, 2 * size);
            ends = Arrays.copyOf(ends, 2 * size);
        }
        starts[size] = start;
        ends[size] = end;
        size++;
    }

    int size() {
        return size;
    }

    int start(int run) {
        return starts[run];
    }

    int end(int run) {
        return ends[run];
    }

    /** Total number of selected indices. */
    long count() {
        long total = 0;
        for (int i = 0; i < size; i++) {
            total += ends[i] - starts[i];
        }
        return total;
    }
}
