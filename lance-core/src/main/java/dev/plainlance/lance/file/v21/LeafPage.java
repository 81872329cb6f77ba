package dev.plainlance.lance.file.v21;

import dev.plainlance.lance.file.codec.ArrayData;
import dev.plainlance.lance.pb.enc21.RepDefLayer;
import java.util.List;

/**
 * One decoded 2.1 page of a leaf column: {@code entries} repetition/definition level pairs (either
 * array is null when the page stores none, meaning all zero), the values of the visible entries,
 * and the page's rep/def layers (innermost first).
 */
record LeafPage(int entries, int[] rep, int[] def, ArrayData values, List<RepDefLayer> layers) {}
