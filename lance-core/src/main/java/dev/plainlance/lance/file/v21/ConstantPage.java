package dev.plainlance.lance.file.v21;

import dev.plainlance.lance.file.codec.ArrayData;
import dev.plainlance.lance.file.codec.Bitmaps;
import dev.plainlance.lance.file.codec.Bytes;
import dev.plainlance.lance.file.codec.DecodeException;
import dev.plainlance.lance.pb.enc21.AllNullLayout;
import dev.plainlance.lance.pb.enc21.RepDefLayer;
import java.util.List;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * Decodes pages without value buffers: all-null pages and (2.2+) constant pages whose every valid
 * value is {@code inline_value}. Optional buffers: [0] repetition levels and [1] definition levels,
 * raw u16 each (an empty buffer means none). A 2.2 constant page of a variable-width value (no
 * {@code inline_value}) carries the value as an extra first buffer: {@code u32 2, u32 offset width
 * (4|8), end offset, u32 length, bytes}.
 */
final class ConstantPage {
    private ConstantPage() {}

    static LeafPage decode(AllNullLayout layout, byte[][] buffers, int rows, ArrowType leafType) {
        List<RepDefLayer> layers = layout.getLayersList();
        byte[] bufferedValue = !layout.hasInlineValue() && buffers.length % 2 == 1 ? constantValue(buffers[0]) : null;
        int first = bufferedValue == null ? 0 : 1;
        int[] rep = buffers.length > first ? levels(buffers[first]) : null;
        int[] def = buffers.length > first + 1 ? levels(buffers[first + 1]) : null;
        int entries = rep != null ? rep.length : def != null ? def.length : rows;
        DecodeException.check(
                (rep == null || rep.length == entries) && (def == null || def.length == entries),
                "rep and def level counts differ");
        int maxVisibleDef = PageLayers.maxVisibleDef(layers);
        int visible = PageLayers.visibleCount(def, entries, maxVisibleDef);
        if (bufferedValue != null) {
            return new LeafPage(entries, rep, def, repeat(bufferedValue, visible, leafType), layers);
        }
        if (!layout.hasInlineValue()) {
            if (def == null) {
                def = new int[entries];
                java.util.Arrays.fill(def, PageLayers.maxDef(layers));
                visible = PageLayers.visibleCount(def, entries, maxVisibleDef);
            }
            return new LeafPage(entries, rep, def, ArrayData.nulls(visible), layers);
        }
        byte[] value = layout.getInlineValue().toByteArray();
        return new LeafPage(entries, rep, def, repeat(value, visible, leafType), layers);
    }

    /** The single value of a buffered constant: one-element variable-width block. */
    private static byte[] constantValue(byte[] block) {
        DecodeException.check(block.length >= 8, "constant value block of " + block.length + " bytes is too short");
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(block).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int count = buf.getInt(0);
        int width = buf.getInt(4);
        DecodeException.check(
                count == 2 && (width == 4 || width == 8),
                "unsupported constant value block header (" + count + ", " + width + ")");
        DecodeException.check(block.length >= 12 + width, "constant value block is truncated");
        long end = width == 8 ? buf.getLong(8) : Integer.toUnsignedLong(buf.getInt(8));
        long length = Integer.toUnsignedLong(buf.getInt(8 + width));
        DecodeException.check(
                end == length && 12 + width + length == block.length,
                "constant value block lengths disagree (" + end + ", " + length + ", " + block.length + " bytes)");
        return java.util.Arrays.copyOfRange(block, 12 + width, block.length);
    }

    private static int[] levels(byte[] buffer) {
        if (buffer.length == 0) {
            return null;
        }
        DecodeException.check(buffer.length % 2 == 0, "level buffer has odd size");
        return Bytes.u16Array(buffer, 0, buffer.length / 2, "levels");
    }

    private static ArrayData repeat(byte[] value, int count, ArrowType type) {
        switch (type.getTypeID()) {
            case Bool: {
                DecodeException.check(value.length >= 1, "empty constant value");
                byte[] bits = value[0] != 0 ? Bitmaps.allSet(count) : new byte[Bitmaps.bytesFor(count)];
                return ArrayData.bits(count, bits, null);
            }
            case Utf8:
            case LargeUtf8:
            case Binary:
            case LargeBinary: {
                int[] offsets = new int[count + 1];
                for (int i = 1; i <= count; i++) {
                    offsets[i] = Math.multiplyExact(i, value.length);
                }
                return ArrayData.variable(
                        count, offsets, value.length == 0 ? new byte[0] : Flats.constant(value, count).data, null);
            }
            default:
                return Flats.constant(value, count);
        }
    }
}
