package dev.plainlance.lance.scan;

import java.util.Arrays;
import java.util.Comparator;

/**
 * The {@code k} nearest rows offered so far: a bounded max-heap on (distance, scan position), so that of two rows at
 * the same distance the one scanned first is kept and returned first. Not thread-safe.
 */
final class Nearest {
    /** A row found: its distance, scan position, row id and row address. */
    record Row(float distance, long position, long rowId, long address) {}

    private static final Comparator<Row> NEAREST_FIRST =
            Comparator.comparingDouble(Row::distance).thenComparingLong(Row::position);

    private final int k;
    private Row[] heap = new Row[16];
    private int size;

    Nearest(int k) {
        if (k <= 0) {
            throw new IllegalArgumentException("k must be positive, got " + k);
        }
        this.k = k;
    }

    /** Keeps the row if it is among the {@code k} nearest so far. */
    void offer(float distance, long position, long rowId, long address) {
        if (size == k) {
            Row worst = heap[0];
            if (distance > worst.distance() || (distance == worst.distance() && position > worst.position())) {
                return;
            }
            heap[0] = new Row(distance, position, rowId, address);
            siftDown(0);
            return;
        }
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, (int) Math.min((long) heap.length * 2, k));
        }
        heap[size] = new Row(distance, position, rowId, address);
        siftUp(size++);
    }

    /** The rows kept, nearest first. */
    Row[] sorted() {
        Row[] rows = Arrays.copyOf(heap, size);
        Arrays.sort(rows, NEAREST_FIRST);
        return rows;
    }

    private void siftUp(int i) {
        while (i > 0) {
            int parent = (i - 1) / 2;
            if (NEAREST_FIRST.compare(heap[i], heap[parent]) <= 0) {
                return;
            }
            swap(i, parent);
            i = parent;
        }
    }

    private void siftDown(int i) {
        while (true) {
            int worst = i;
            for (int child = 2 * i + 1; child <= 2 * i + 2 && child < size; child++) {
                if (NEAREST_FIRST.compare(heap[child], heap[worst]) > 0) {
                    worst = child;
                }
            }
            if (worst == i) {
                return;
            }
            swap(i, worst);
            i = worst;
        }
    }

    private void swap(int a, int b) {
        Row t = heap[a];
        heap[a] = heap[b];
        heap[b] = t;
    }
}
