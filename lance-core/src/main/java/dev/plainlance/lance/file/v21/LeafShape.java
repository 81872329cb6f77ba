package dev.plainlance.lance.file.v21;

import dev.plainlance.lance.file.codec.DecodeException;
import dev.plainlance.lance.pb.enc21.RepDefLayer;
import java.util.List;

/**
 * The nesting of a leaf column, outermost layer first: one layer per field on the path from the
 * top-level field to the leaf (struct and leaf fields are item layers, list fields list layers).
 *
 * <p>Pages may describe the same nesting with different layer kinds (e.g. one page has nulls, the
 * next has none). Every page is therefore mapped to a canonical level scheme in which each item
 * layer owns one definition level (null) and each list layer two (null, then empty), allocated from
 * the innermost layer outwards.
 */
final class LeafShape {
    final boolean[] isList;

    /** Lowest canonical definition level of each layer (outermost first). */
    final int[] low;

    /** Repetition level that starts a new list of each list layer (outermost list = maxRep). */
    final int[] repLevel;

    final int maxRep;

    /** Canonical definition levels at or below this carry a value slot. */
    final int maxVisibleDef;

    LeafShape(boolean[] isList) {
        this.isList = isList;
        int depth = isList.length;
        this.low = new int[depth];
        this.repLevel = new int[depth];
        int level = 1;
        int lists = 0;
        int visible = -1;
        for (int k = depth - 1; k >= 0; k--) {
            low[k] = level;
            if (isList[k]) {
                lists++;
                repLevel[k] = lists;
                if (visible < 0) {
                    visible = level - 1;
                }
            }
            level += isList[k] ? 2 : 1;
        }
        this.maxRep = lists;
        this.maxVisibleDef = visible < 0 ? level - 1 : visible;
    }

    int depth() {
        return isList.length;
    }

    /**
     * Maps page definition levels (index) to canonical ones for a page with {@code layers}
     * (innermost first), or fails if the page's nesting differs from this shape.
     */
    int[] canonicalDefs(List<RepDefLayer> layers) {
        if (layers.size() != depth()) {
            throw new DecodeException("page has " + layers.size() + " rep/def layers, field nesting has " + depth());
        }
        int[] map = new int[PageLayers.maxDef(layers) + 1];
        int pageLevel = 1;
        for (int j = 0; j < layers.size(); j++) {
            int k = depth() - 1 - j;
            RepDefLayer layer = layers.get(j);
            if (PageLayers.isList(layer) != isList[k]) {
                throw new DecodeException("page layer " + layer + " does not match the field");
            }
            switch (layer) {
                case REPDEF_NULLABLE_ITEM:
                case REPDEF_NULLABLE_LIST:
                    map[pageLevel++] = low[k];
                    break;
                case REPDEF_EMPTYABLE_LIST:
                    map[pageLevel++] = low[k] + 1;
                    break;
                case REPDEF_NULL_AND_EMPTY_LIST:
                    map[pageLevel++] = low[k];
                    map[pageLevel++] = low[k] + 1;
                    break;
                default:
                    break;
            }
        }
        return map;
    }
}
