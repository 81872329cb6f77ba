package dev.plainlance.lance.file.v21;

import dev.plainlance.lance.file.codec.DecodeException;
import dev.plainlance.lance.pb.enc21.RepDefLayer;
import java.util.List;

/**
 * Interprets a page's rep/def layers (innermost first). Definition levels are allocated from the
 * innermost layer outwards: nullable items/lists and emptyable lists take one level, lists that can
 * be both null and empty take two (null, then empty); level 0 means valid at every layer.
 */
final class PageLayers {
    private PageLayers() {}

    static boolean isList(RepDefLayer layer) {
        switch (layer) {
            case REPDEF_ALL_VALID_LIST:
            case REPDEF_NULLABLE_LIST:
            case REPDEF_EMPTYABLE_LIST:
            case REPDEF_NULL_AND_EMPTY_LIST:
                return true;
            case REPDEF_ALL_VALID_ITEM:
            case REPDEF_NULLABLE_ITEM:
                return false;
            default:
                throw new DecodeException("unknown rep/def layer " + layer);
        }
    }

    static int defLevels(RepDefLayer layer) {
        switch (layer) {
            case REPDEF_NULLABLE_ITEM:
            case REPDEF_NULLABLE_LIST:
            case REPDEF_EMPTYABLE_LIST:
                return 1;
            case REPDEF_NULL_AND_EMPTY_LIST:
                return 2;
            default:
                isList(layer);
                return 0;
        }
    }

    /** Highest definition level whose entries still carry a value slot. */
    static int maxVisibleDef(List<RepDefLayer> layers) {
        int sum = 0;
        for (RepDefLayer layer : layers) {
            if (isList(layer)) {
                break;
            }
            sum += defLevels(layer);
        }
        return sum;
    }

    static int maxDef(List<RepDefLayer> layers) {
        int sum = 0;
        for (RepDefLayer layer : layers) {
            sum += defLevels(layer);
        }
        return sum;
    }

    /** Number of value slots among {@code def} levels (all entries if {@code def} is null). */
    static int visibleCount(int[] def, int entries, int maxVisibleDef) {
        if (def == null) {
            return entries;
        }
        int visible = 0;
        for (int i = 0; i < entries; i++) {
            if (def[i] <= maxVisibleDef) {
                visible++;
            }
        }
        return visible;
    }
}
