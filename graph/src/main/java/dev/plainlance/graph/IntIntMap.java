package dev.plainlance.graph;

import java.util.Arrays;

/**
 * A map from non-negative ints to ints by open addressing, sized by what is put in it (not by the key range), so a
 * traversal's bookkeeping costs what it visits. Not thread-safe.
 */
final class IntIntMap {
    private int[] keys;
    private int[] values;
    private int size;

    IntIntMap() {
        this(16);
    }

    IntIntMap(int expected) {
        int capacity = Integer.highestOneBit(Math.max(16, expected * 2) - 1) * 2;
        keys = new int[capacity];
        values = new int[capacity];
        Arrays.fill(keys, -1);
    }

    int size() {
        return size;
    }

    /** The value of {@code key}, or -1. */
    int get(int key) {
        int mask = keys.length - 1;
        int slot = mix(key) & mask;
        while (true) {
            int k = keys[slot];
            if (k == key) {
                return values[slot];
            }
            if (k < 0) {
                return -1;
            }
            slot = (slot + 1) & mask;
        }
    }

    boolean contains(int key) {
        int mask = keys.length - 1;
        int slot = mix(key) & mask;
        while (keys[slot] >= 0) {
            if (keys[slot] == key) {
                return true;
            }
            slot = (slot + 1) & mask;
        }
        return false;
    }

    /** Puts {@code key -> value} unless {@code key} is there; returns whether it was put. */
    boolean putIfAbsent(int key, int value) {
        if ((size + 1) * 2 > keys.length) {
            grow();
        }
        int mask = keys.length - 1;
        int slot = mix(key) & mask;
        while (true) {
            int k = keys[slot];
            if (k == key) {
                return false;
            }
            if (k < 0) {
                keys[slot] = key;
                values[slot] = value;
                size++;
                return true;
            }
            slot = (slot + 1) & mask;
        }
    }

    /** Puts {@code key -> value}, replacing any value. */
    void put(int key, int value) {
        if (!putIfAbsent(key, value)) {
            int mask = keys.length - 1;
            int slot = mix(key) & mask;
            while (keys[slot] != key) {
                slot = (slot + 1) & mask;
            }
            values[slot] = value;
        }
    }

    private void grow() {
        int[] oldKeys = keys;
        int[] oldValues = values;
        keys = new int[oldKeys.length * 2];
        values = new int[oldKeys.length * 2];
        Arrays.fill(keys, -1);
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] >= 0) {
                putIfAbsent(oldKeys[i], oldValues[i]);
            }
        }
    }

    private static int mix(int key) {
        int h = key * 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}
