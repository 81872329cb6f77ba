package dev.plainlance.lance.file.write;

import dev.plainlance.lance.pb.enc21.CompressiveEncoding;
import dev.plainlance.lance.pb.enc21.FixedSizeList;
import dev.plainlance.lance.pb.enc21.FullZipLayout;
import dev.plainlance.lance.pb.enc21.PageLayout;
import dev.plainlance.lance.pb.enc21.Variable;
import java.util.ArrayList;
import java.util.List;

/**
 * Full-zip pages for wide values: per level entry a control word {@code (rep << bitsDef) | def} (1, 2 or 4 bytes,
 * absent without levels) followed, for entries with a value slot, by the value: fixed-width rows (fixed-size list
 * item validity bytes first) or, for variable-width values that are valid, a u32/u64 length and the bytes. A
 * repetition index of the byte offset of every row start plus the total length follows for variable-width data and
 * for data with repetition.
 */
final class FullZipEncoder {
    private FullZipEncoder() {}

    static EncodedPage encode(
            LeafValues values, RepDefLayers layers, short[] rep, short[] def, int entries, long rows, long firstRow) {
        int maxRep = rep == null ? 0 : max(rep);
        int maxDef = def == null ? 0 : max(def);
        int bitsRep = 32 - Integer.numberOfLeadingZeros(maxRep);
        int bitsDef = 32 - Integer.numberOfLeadingZeros(maxDef);
        int bits = bitsRep + bitsDef;
        int controlBytes = bits == 0 ? 0 : bits <= 8 ? 1 : bits <= 16 ? 2 : 4;
        LeafType type = values.type();
        boolean variable = type.kind() == LeafType.Kind.VARIABLE;
        RowFormat format = variable ? null : RowFormat.of(values);
        long capacity = values.byteSize()
                + (long) controlBytes * entries
                + (variable ? 8L * entries : 0)
                + (format == null ? 0 : (long) format.validityBytes * values.count());
        GrowableBytes zipped = new GrowableBytes(Math.toIntExact(Math.min(Integer.MAX_VALUE - 64, capacity)));
        boolean writeIndex = variable || rep != null;
        long[] rowStarts = writeIndex ? new long[Math.toIntExact(rows) + 1] : null;
        int row = 0;
        int slot = 0;
        for (int i = 0; i < entries; i++) {
            if (writeIndex && (rep == null || rep[i] == layers.maxRep)) {
                rowStarts[row++] = zipped.size();
            }
            int d = def == null ? 0 : def[i];
            if (controlBytes > 0) {
                int r = rep == null ? 0 : rep[i];
                zipped.putUint(((long) r << bitsDef) | d, controlBytes);
            }
            if (d > layers.maxVisibleDef) {
                continue;
            }
            if (variable) {
                if (d == 0) {
                    long start = values.start(slot);
                    int length = Math.toIntExact(values.end(slot) - start);
                    zipped.putUint(length, type.offsetBytes());
                    zipped.put(values.bytes().array(), Math.toIntExact(start), length);
                }
            } else {
                format.putRow(values, slot, zipped);
            }
            slot++;
        }
        List<Buf> buffers = new ArrayList<>(2);
        buffers.add(Buf.of(zipped));
        if (writeIndex) {
            rowStarts[row] = zipped.size();
            buffers.add(Buf.of(repetitionIndex(rowStarts, row + 1, zipped.size())));
        }
        FullZipLayout.Builder layout = FullZipLayout.newBuilder()
                .setBitsRep(bitsRep)
                .setBitsDef(bitsDef)
                .setNumItems(rep == null ? values.count() : entries)
                .setNumVisibleItems(values.count())
                .addAllLayers(layers.layers);
        if (variable) {
            layout.setBitsPerOffset(8 * type.offsetBytes())
                    .setValueCompression(CompressiveEncoding.newBuilder()
                            .setVariable(Variable.newBuilder()
                                    .setOffsets(MiniBlockValueEncoder.flatEncoding(8L * type.offsetBytes()))));
        } else {
            layout.setBitsPerValue(8 * format.rowBytes()).setValueCompression(format.encoding);
        }
        PageLayout page = PageLayout.newBuilder().setFullZipLayout(layout).build();
        return new EncodedPage(buffers, Protos.any(Protos.PAGE_LAYOUT_21, page), rows, firstRow);
    }

    private static int max(short[] levels) {
        int max = 0;
        for (short level : levels) {
            max = Math.max(max, level);
        }
        return max;
    }

    /** {@code count} offsets, each as wide as needed (1, 2, 4 or 8 bytes) to hold {@code total}. */
    static byte[] repetitionIndex(long[] starts, int count, long total) {
        int width = total <= 0xFFL ? 1 : total <= 0xFFFFL ? 2 : total <= 0xFFFFFFFFL ? 4 : 8;
        GrowableBytes out = new GrowableBytes(count * width);
        for (int i = 0; i < count; i++) {
            out.putUint(starts[i], width);
        }
        return out.toByteArray();
    }

    /** Layout of one fixed-width row: item validity bytes per fixed-size list layer that has nulls, then values. */
    private static final class RowFormat {
        final boolean[] hasValidity;
        final long[] itemsAtLayer;
        final int validityBytes;
        final int valueBytes;
        final CompressiveEncoding encoding;

        private RowFormat(
                boolean[] hasValidity,
                long[] itemsAtLayer,
                int validityBytes,
                int valueBytes,
                CompressiveEncoding encoding) {
            this.hasValidity = hasValidity;
            this.itemsAtLayer = itemsAtLayer;
            this.validityBytes = validityBytes;
            this.valueBytes = valueBytes;
            this.encoding = encoding;
        }

        static RowFormat of(LeafValues values) {
            LeafType type = values.type();
            int layers = type.dimensions().length;
            boolean[] hasValidity = new boolean[layers];
            long[] items = new long[layers];
            long cumulative = 1;
            int validityBytes = 0;
            for (int layer = 0; layer < layers; layer++) {
                cumulative *= type.dimensions()[layer];
                items[layer] = cumulative;
                hasValidity[layer] = !values.itemValidity(layer).allSet();
                if (hasValidity[layer]) {
                    validityBytes += (int) ((cumulative + 7) / 8);
                }
            }
            CompressiveEncoding encoding = MiniBlockValueEncoder.flatEncoding(type.itemBits());
            for (int layer = layers - 1; layer >= 0; layer--) {
                encoding = CompressiveEncoding.newBuilder()
                        .setFixedSizeList(FixedSizeList.newBuilder()
                                .setItemsPerValue(type.dimensions()[layer])
                                .setHasValidity(hasValidity[layer])
                                .setValues(encoding))
                        .build();
            }
            return new RowFormat(hasValidity, items, validityBytes, Math.toIntExact(type.rowBits() / 8), encoding);
        }

        int rowBytes() {
            return validityBytes + valueBytes;
        }

        void putRow(LeafValues values, int slot, GrowableBytes out) {
            for (int layer = 0; layer < hasValidity.length; layer++) {
                if (hasValidity[layer]) {
                    byte[] bits = values.itemValidity(layer)
                            .slice(Math.toIntExact(slot * itemsAtLayer[layer]), Math.toIntExact(itemsAtLayer[layer]));
                    out.put(bits, 0, bits.length);
                }
            }
            if (values.type().itemBits() == 1) {
                byte[] bits = values.bits()
                        .slice(
                                Math.toIntExact((long) slot * values.type().rowBits()),
                                Math.toIntExact(values.type().rowBits()));
                out.put(bits, 0, bits.length);
            } else {
                out.put(values.bytes().array(), slot * valueBytes, valueBytes);
            }
        }
    }
}
