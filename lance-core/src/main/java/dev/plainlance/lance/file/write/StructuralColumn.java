package dev.plainlance.lance.file.write;

import org.apache.arrow.vector.FieldVector;

/**
 * Accumulates one page of a 2.1 leaf column: repetition levels, provisional definition codes and the visible
 * values, and hands full pages to a {@link StructuralPageEncoder}.
 */
final class StructuralColumn implements ColumnWriter {
    private final LeafPath path;
    private final int column;
    private final boolean fsstStrings;
    private LeafValues values;
    /** A cleared value buffer whose page was written, reused for the next page. */
    private LeafValues spare;

    private final GrowableBytes rep = new GrowableBytes(1 << 12);
    private GrowableBytes codes;
    private int entries;
    private long events;
    private long pageRows;
    private long firstRow;

    StructuralColumn(LeafPath path, int column, boolean fsstStrings) {
        this.path = path;
        this.column = column;
        this.fsstStrings = fsstStrings;
        this.values = new LeafValues(path.leafType());
    }

    @Override
    public void append(FieldVector top, int start, int end, long firstRowOfRange) {
        if (pageRows == 0) {
            firstRow = firstRowOfRange;
        }
        FieldVector[] vectors = path.resolve(top);
        LevelWalk walk = LevelWalk.walk(path, vectors, start, end);
        if (walk.rep != null) {
            rep.reserve(2 * walk.entries);
            for (int i = 0; i < walk.entries; i++) {
                rep.putShort(walk.rep[i]);
            }
        }
        if (walk.codes != null && codes == null) {
            codes = new GrowableBytes(2 * (entries + walk.entries));
            codes.fill((byte) 0, 2 * entries);
        }
        if (codes != null) {
            codes.reserve(2 * walk.entries);
            for (int i = 0; i < walk.entries; i++) {
                codes.putShort(walk.codes == null ? 0 : walk.codes[i]);
            }
        }
        events |= walk.events;
        entries += walk.entries;
        pageRows += end - start;
        appendValues(vectors[vectors.length - 1], walk);
    }

    private void appendValues(FieldVector leaf, LevelWalk walk) {
        if (walk.leafIndex == null) {
            values.append(leaf, walk.start, walk.start + walk.entries);
            return;
        }
        int[] index = walk.leafIndex;
        int i = 0;
        while (i < walk.entries) {
            if (index[i] < 0) {
                i++;
                continue;
            }
            int runStart = index[i];
            int runEnd = runStart + 1;
            i++;
            while (i < walk.entries && index[i] == runEnd) {
                runEnd++;
                i++;
            }
            values.append(leaf, runStart, runEnd);
        }
    }

    @Override
    public long bufferedBytes() {
        return values.byteSize() + rep.size() + (codes == null ? 0 : codes.size());
    }

    @Override
    public void flush(FileLayout layout) {
        if (pageRows == 0) {
            return;
        }
        short[] repLevels = null;
        if (rep.size() > 0) {
            repLevels = new short[entries];
            for (int i = 0; i < entries; i++) {
                repLevels[i] = (short) GrowableBytes.getShort(rep.array(), 2 * i);
            }
        }
        short[] codeArray = null;
        if (codes != null) {
            codeArray = new short[entries];
            for (int i = 0; i < entries; i++) {
                codeArray[i] = (short) GrowableBytes.getShort(codes.array(), 2 * i);
            }
        }
        RepDefLayers layers = new RepDefLayers(path, events);
        short[] def = layers.hasDef() ? layers.defLevels(codeArray, entries) : null;
        LeafValues full = values;
        short[] repArray = repLevels;
        int pageEntries = entries;
        long rows = pageRows;
        long first = firstRow;
        values = spare != null ? spare : LeafValues.sizedLike(full);
        spare = null;
        layout.submitPage(
                column,
                full.byteSize(),
                () -> StructuralPageEncoder.encode(full, layers, repArray, def, pageEntries, rows, first, fsstStrings),
                () -> {
                    full.clear();
                    if (spare != null) {
                        spare.release();
                    }
                    spare = full;
                });
        rep.clear();
        codes = null;
        entries = 0;
        events = 0;
        pageRows = 0;
    }

    @Override
    public void release() {
        values.release();
        if (spare != null) {
            spare.release();
            spare = null;
        }
    }
}
