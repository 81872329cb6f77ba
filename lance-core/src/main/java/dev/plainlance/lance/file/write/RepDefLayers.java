package dev.plainlance.lance.file.write;

import dev.plainlance.lance.pb.enc21.RepDefLayer;
import java.util.ArrayList;
import java.util.List;

/**
 * The rep/def layers of one 2.1 page (innermost first) chosen from the events that occur in it, and the mapping of
 * provisional {@link LevelWalk} codes to definition levels: a layer gets levels only for the events it has, counted
 * upwards from the leaf; a list with nulls and empties uses level L for null and L + 1 for empty.
 */
final class RepDefLayers {
    final List<RepDefLayer> layers = new ArrayList<>();
    final short[] levelOfCode;
    final int maxDef;
    final int maxRep;
    /** Highest definition level of an entry that still has a value slot (meaningful with lists only). */
    final int maxVisibleDef;

    RepDefLayers(LeafPath path, long events) {
        int depth = path.depth();
        levelOfCode = new short[2 * depth + 1];
        int next = 1;
        int visible = -1;
        for (int p = 0; p < depth; p++) {
            boolean nulls = (events & (1L << (2 * p))) != 0;
            boolean empties = (events & (1L << (2 * p + 1))) != 0;
            if (LeafPath.isList(path.kind(depth - 1 - p))) {
                if (visible < 0) {
                    visible = next - 1;
                }
                if (nulls && empties) {
                    layers.add(RepDefLayer.REPDEF_NULL_AND_EMPTY_LIST);
                    levelOfCode[2 * p + 1] = (short) next++;
                    levelOfCode[2 * p + 2] = (short) next++;
                } else if (nulls) {
                    layers.add(RepDefLayer.REPDEF_NULLABLE_LIST);
                    levelOfCode[2 * p + 1] = (short) next++;
                } else if (empties) {
                    layers.add(RepDefLayer.REPDEF_EMPTYABLE_LIST);
                    levelOfCode[2 * p + 2] = (short) next++;
                } else {
                    layers.add(RepDefLayer.REPDEF_ALL_VALID_LIST);
                }
            } else if (nulls) {
                layers.add(RepDefLayer.REPDEF_NULLABLE_ITEM);
                levelOfCode[2 * p + 1] = (short) next++;
            } else {
                layers.add(RepDefLayer.REPDEF_ALL_VALID_ITEM);
            }
        }
        this.maxDef = next - 1;
        this.maxRep = path.listsFrom(0);
        this.maxVisibleDef = visible < 0 ? Integer.MAX_VALUE : visible;
    }

    boolean hasDef() {
        return maxDef > 0;
    }

    /** Definition levels of {@code entries} entries from their provisional codes (null codes: all valid). */
    short[] defLevels(short[] codes, int entries) {
        short[] def = new short[entries];
        if (codes != null) {
            for (int i = 0; i < entries; i++) {
                def[i] = levelOfCode[codes[i]];
            }
        }
        return def;
    }
}
