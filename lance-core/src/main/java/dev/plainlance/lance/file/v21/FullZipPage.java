package dev.plainlance.lance.file.v21;

import dev.plainlance.lance.file.codec.ArrayData;
import dev.plainlance.lance.file.codec.Bitmaps;
import dev.plainlance.lance.file.codec.Bytes;
import dev.plainlance.lance.file.codec.DecodeException;
import dev.plainlance.lance.file.codec.Fsst;
import dev.plainlance.lance.file.codec.GeneralCompression;
import dev.plainlance.lance.pb.enc21.CompressiveEncoding;
import dev.plainlance.lance.pb.enc21.FullZipLayout;

/**
 * Decodes a whole full-zip page. Buffer 0 holds, per entry, an optional control word {@code (rep <<
 * bits_def) | def} (1, 2 or 4 bytes) followed by the value: fixed-width values are present for
 * every visible entry; variable-width values ({@code u32|u64 length + bytes}) only for entries with
 * definition level 0. Buffer 1 (repetition index) is not needed for whole-page reads.
 */
final class FullZipPage {
    private FullZipPage() {}

    static LeafPage decode(FullZipLayout layout, byte[][] buffers) {
        DecodeException.check(buffers.length >= 1, "full-zip page has no data buffer");
        byte[] data = buffers[0];
        int entries = DecodeException.toInt(layout.getNumItems(), "full-zip item count");
        int visible = DecodeException.toInt(layout.getNumVisibleItems(), "full-zip visible item count");
        int bitsRep = layout.getBitsRep();
        int bitsDef = layout.getBitsDef();
        DecodeException.check(bitsRep <= 16 && bitsDef <= 16, "control word too wide");
        int controlBits = bitsRep + bitsDef;
        int controlBytes = controlBits == 0 ? 0 : controlBits <= 8 ? 1 : controlBits <= 16 ? 2 : 4;
        int maxVisibleDef = PageLayers.maxVisibleDef(layout.getLayersList());
        DecodeException.check(
                controlBytes > 0 || entries == visible, "entries without control words must all be visible");
        DecodeException.check(
                visible <= entries
                        && (long) entries * controlBytes <= data.length
                        && (controlBytes > 0 || (long) entries <= data.length),
                "full-zip data shorter than its entries");
        int[] rep = bitsRep > 0 ? new int[entries] : null;
        int[] def = bitsDef > 0 ? new int[entries] : null;
        ArrayData values;
        if (layout.hasBitsPerValue()) {
            values = fixed(layout, data, entries, visible, controlBytes, bitsDef, maxVisibleDef, rep, def);
        } else {
            values = variable(layout, data, entries, visible, controlBytes, bitsDef, maxVisibleDef, rep, def);
        }
        DecodeException.check(
                PageLayers.visibleCount(def, entries, maxVisibleDef) == visible,
                "control words describe a different number of values than the page holds");
        return new LeafPage(entries, rep, def, values, layout.getLayersList());
    }

    private static void control(byte[] data, int at, int controlBytes, int bitsDef, int entry, int[] rep, int[] def) {
        long word = Bytes.uint(data, at, controlBytes);
        if (def != null) {
            def[entry] = (int) (word & ((1L << bitsDef) - 1));
        }
        if (rep != null) {
            rep[entry] = (int) (word >>> bitsDef);
        }
    }

    private static ArrayData fixed(
            FullZipLayout layout,
            byte[] data,
            int entries,
            int visible,
            int controlBytes,
            int bitsDef,
            int maxVisibleDef,
            int[] rep,
            int[] def) {
        int bits = layout.getBitsPerValue();
        if (!(bits > 0 && bits % 8 == 0)) {
            throw new DecodeException("unsupported full-zip value width " + bits);
        }
        int width = bits / 8;
        DecodeException.check((long) visible * width <= data.length, "full-zip data shorter than its values");
        byte[] values = new byte[Math.multiplyExact(visible, width)];
        int at = 0;
        int slot = 0;
        for (int e = 0; e < entries; e++) {
            DecodeException.check(at + controlBytes <= data.length, "full-zip data truncated");
            if (controlBytes > 0) {
                control(data, at, controlBytes, bitsDef, e, rep, def);
                at += controlBytes;
            }
            if (def == null || def[e] <= maxVisibleDef) {
                DecodeException.check(slot < visible && at + (long) width <= data.length, "full-zip data truncated");
                System.arraycopy(data, at, values, slot * width, width);
                at += width;
                slot++;
            }
        }
        return FixedRows.decode(layout.getValueCompression(), values, visible);
    }

    private static ArrayData variable(
            FullZipLayout layout,
            byte[] data,
            int entries,
            int visible,
            int controlBytes,
            int bitsDef,
            int maxVisibleDef,
            int[] rep,
            int[] def) {
        int lengthBytes = layout.getBitsPerOffset() / 8;
        DecodeException.check(lengthBytes == 4 || lengthBytes == 8, "unsupported full-zip offset width");
        int[] offsets = new int[visible + 1];
        int[] starts = new int[visible];
        int at = 0;
        int slot = 0;
        long total = 0;
        for (int e = 0; e < entries; e++) {
            DecodeException.check(at + controlBytes <= data.length, "full-zip data truncated");
            if (controlBytes > 0) {
                control(data, at, controlBytes, bitsDef, e, rep, def);
                at += controlBytes;
            }
            boolean hasSlot = def == null || def[e] <= maxVisibleDef;
            if (hasSlot) {
                DecodeException.check(slot < visible, "full-zip page holds more values than declared");
                long length = 0;
                if (def == null || def[e] == 0) {
                    DecodeException.check(at + lengthBytes <= data.length, "full-zip data truncated");
                    length = Bytes.uint(data, at, lengthBytes);
                    at += lengthBytes;
                    DecodeException.check(length >= 0 && at + length <= data.length, "full-zip value exceeds the data");
                }
                starts[slot] = at;
                at += (int) length;
                total += length;
                offsets[slot + 1] = (int) total;
                slot++;
            }
        }
        byte[] bytes = new byte[(int) total];
        for (int s = 0; s < visible; s++) {
            System.arraycopy(data, starts[s], bytes, offsets[s], offsets[s + 1] - offsets[s]);
        }
        ArrayData raw = ArrayData.variable(visible, offsets, bytes, null);
        return perValue(layout.getValueCompression(), raw);
    }

    /** Applies the per-value decompression of variable-width full-zip values. */
    private static ArrayData perValue(CompressiveEncoding encoding, ArrayData raw) {
        switch (encoding.getCompressionCase()) {
            case VARIABLE:
                return raw;
            case VARIABLE_PACKED_STRUCT:
                DecodeException.check(
                        isBlobV2Record(encoding.getVariablePackedStruct()),
                        "unsupported packed struct layout (only blob v2 descriptions are read)");
                return raw;
            case FSST:
                DecodeException.check(
                        encoding.getFsst().getValues().hasVariable(), "FSST values must be variable-width");
                return Fsst.parse(encoding.getFsst().getSymbolTable().toByteArray())
                        .decompress(raw);
            case GENERAL: {
                GeneralCompression.Scheme scheme =
                        BlockDecoder.scheme(encoding.getGeneral().getCompression());
                int n = raw.length;
                byte[][] plain = new byte[n][];
                int[] offsets = new int[n + 1];
                for (int i = 0; i < n; i++) {
                    int length = raw.offsets[i + 1] - raw.offsets[i];
                    plain[i] = length == 0
                            ? new byte[0]
                            : GeneralCompression.decompress(scheme, raw.data, raw.offsets[i], length);
                    offsets[i + 1] = Math.addExact(offsets[i], plain[i].length);
                }
                byte[] out = new byte[offsets[n]];
                for (int i = 0; i < n; i++) {
                    System.arraycopy(plain[i], 0, out, offsets[i], plain[i].length);
                }
                return perValue(encoding.getGeneral().getValues(), ArrayData.variable(n, offsets, out, null));
            }
            default:
                throw new DecodeException("unsupported full-zip variable encoding " + encoding.getCompressionCase());
        }
    }

    /**
     * Whether {@code packed} is the record of a blob v2 description as official 7.0.0 writes it: flat fields of 8,
     * 64, 64 and 32 bits, then a variable field with a 32-bit length (the records stay whole; the blob reader splits
     * them).
     */
    private static boolean isBlobV2Record(dev.plainlance.lance.pb.enc21.VariablePackedStruct packed) {
        long[] bits = {8, 64, 64, 32};
        if (packed.getFieldsCount() != bits.length + 1) {
            return false;
        }
        for (int i = 0; i < bits.length; i++) {
            var field = packed.getFields(i);
            if (field.getBitsPerValue() != bits[i]
                    || !field.getValue().hasFlat()
                    || field.getValue().getFlat().getBitsPerValue() != bits[i]) {
                return false;
            }
        }
        var uri = packed.getFields(bits.length);
        return uri.getBitsPerLength() == 32 && uri.getValue().hasVariable();
    }

    /** Fixed-width row decoding shared by full-zip pages. */
    static final class FixedRows {
        private FixedRows() {}

        /** Decodes {@code rows} rows stored back to back in {@code bytes}. */
        static ArrayData decode(CompressiveEncoding encoding, byte[] bytes, int rows) {
            switch (encoding.getCompressionCase()) {
                case FLAT:
                    return Flats.decode(encoding.getFlat().getBitsPerValue(), Slice.of(bytes), rows);
                case FIXED_SIZE_LIST:
                    return fixedSizeList(encoding, bytes, rows);
                default:
                    throw new DecodeException("unsupported full-zip fixed encoding " + encoding.getCompressionCase());
            }
        }

        /** Each row is {@code [validity bytes if has_validity][items]}. */
        private static ArrayData fixedSizeList(CompressiveEncoding encoding, byte[] bytes, int rows) {
            long dimension = encoding.getFixedSizeList().getItemsPerValue();
            DecodeException.check(dimension > 0 && dimension <= 1 << 20, "invalid fixed-size-list dimension");
            int d = (int) dimension;
            CompressiveEncoding inner = encoding.getFixedSizeList().getValues();
            if (!encoding.getFixedSizeList().getHasValidity()) {
                ArrayData items = decode(inner, bytes, Math.multiplyExact(rows, d));
                return ArrayData.fixedList(rows, d, items, null);
            }
            DecodeException.check(
                    inner.hasFlat() && inner.getFlat().getBitsPerValue() % 8 == 0,
                    "nullable fixed-size-list items must be byte-aligned flat values");
            int width = (int) (inner.getFlat().getBitsPerValue() / 8);
            int validityBytes = Bitmaps.bytesFor(d);
            int rowBytes = validityBytes + d * width;
            DecodeException.check((long) rowBytes * rows <= bytes.length, "fixed-size-list rows truncated");
            byte[] validity = new byte[Bitmaps.bytesFor((long) rows * d)];
            byte[] values = new byte[rows * d * width];
            for (int r = 0; r < rows; r++) {
                Bitmaps.copy(bytes, r * rowBytes * 8, validity, r * d, d);
                System.arraycopy(bytes, r * rowBytes + validityBytes, values, r * d * width, d * width);
            }
            return ArrayData.fixedList(rows, d, ArrayData.fixed(rows * d, width, values, validity), null);
        }
    }
}
