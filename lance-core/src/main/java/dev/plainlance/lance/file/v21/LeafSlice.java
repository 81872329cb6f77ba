package dev.plainlance.lance.file.v21;

import dev.plainlance.lance.file.codec.ArrayData;
import java.util.ArrayList;
import java.util.List;

/**
 * Canonical repetition/definition levels ({@code null} = all zero) and the values of the visible
 * entries for a range of rows of one leaf column.
 */
record LeafSlice(int entries, int[] rep, int[] def, ArrayData values) {

    static LeafSlice concat(List<LeafSlice> parts) {
        if (parts.size() == 1) {
            return parts.get(0);
        }
        int entries = 0;
        boolean anyRep = false;
        boolean anyDef = false;
        List<ArrayData> values = new ArrayList<>();
        for (LeafSlice part : parts) {
            entries = Math.addExact(entries, part.entries);
            anyRep |= part.rep != null;
            anyDef |= part.def != null;
            values.add(part.values);
        }
        int[] rep = anyRep ? new int[entries] : null;
        int[] def = anyDef ? new int[entries] : null;
        int at = 0;
        for (LeafSlice part : parts) {
            if (part.rep != null) {
                System.arraycopy(part.rep, 0, rep, at, part.entries);
            }
            if (part.def != null) {
                System.arraycopy(part.def, 0, def, at, part.entries);
            }
            at += part.entries;
        }
        return new LeafSlice(entries, rep, def, values.isEmpty() ? ArrayData.nulls(0) : ArrayData.concat(values));
    }
}
