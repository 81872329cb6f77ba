package dev.plainlance.lance.file.v21;

import dev.plainlance.lance.file.codec.ArrayData;
import dev.plainlance.lance.file.codec.Bitmaps;
import dev.plainlance.lance.file.codec.Bytes;
import dev.plainlance.lance.file.codec.DecodeException;
import dev.plainlance.lance.pb.enc21.AllNullLayout;
import dev.plainlance.lance.pb.enc21.CompressiveEncoding;
import dev.plainlance.lance.pb.enc21.RepDefLayer;
import java.util.List;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * Decodes pages without value buffers: all-null pages and (2.2+) constant pages whose every valid
 * value is {@code inline_value}. Optional buffers: [0] repetition levels and [1] definition levels,
 * raw u16 each or (2.2+) compressed as {@code rep_compression} / {@code def_compression} say (an empty
 * buffer means none). A 2.2 constant page of a variable-width value (no {@code inline_value}) carries
 * the value as an extra first buffer, a one-value block whose header depends on its second word, as
 * files written by 7.0.0 show: {@code u32 2, u32 8, u64 end, u32 length, bytes} for 32-bit offsets
 * ({@code utf8}, {@code binary}), {@code u32 2, u32 16, u64 end, u32 0, u32 length, u32 0, bytes} for
 * 64-bit offsets ({@code large_utf8}, {@code large_binary}), and {@code u32 2, u32 4, u32 end, u32
 * length, bytes} (an earlier sample); end and length both equal the value's size.
 */
final class ConstantPage {
    private ConstantPage() {}

    static LeafPage decode(AllNullLayout layout, byte[][] buffers, int rows, ArrowType leafType) {
        List<RepDefLayer> layers = layout.getLayersList();
        byte[] bufferedValue = !layout.hasInlineValue() && buffers.length % 2 == 1 ? constantValue(buffers[0]) : null;
        int first = bufferedValue == null ? 0 : 1;
        int[] rep = levels(
                buffers,
                first,
                layout.hasRepCompression() ? layout.getRepCompression() : null,
                layout.getNumRepValues());
        int[] def = levels(
                buffers,
                first + 1,
                layout.hasDefCompression() ? layout.getDefCompression() : null,
                layout.getNumDefValues());
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

    /** The single value of a buffered constant: a one-value variable-width block (see the class comment). */
    private static byte[] constantValue(byte[] block) {
        DecodeException.check(block.length >= 8, "constant value block of " + block.length + " bytes is too short");
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(block).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int count = buf.getInt(0);
        int second = buf.getInt(4);
        DecodeException.check(
                count == 2 && (second == 4 || second == 8 || second == 16),
                "unsupported constant value block header (" + count + ", " + second + "): "
                        + java.util.HexFormat.of().formatHex(block, 0, Math.min(block.length, 48)));
        int header = second == 4 ? 16 : second == 8 ? 20 : 28;
        DecodeException.check(block.length >= header, "constant value block is truncated");
        long end = second == 4 ? Integer.toUnsignedLong(buf.getInt(8)) : buf.getLong(8);
        long length = Integer.toUnsignedLong(buf.getInt(header - (second == 16 ? 8 : 4)));
        boolean zeros = second != 16 || (buf.getInt(16) == 0 && buf.getInt(24) == 0);
        DecodeException.check(
                zeros && end == length && header + length == block.length,
                "constant value block lengths disagree (" + end + ", " + length + ", " + block.length + " bytes)");
        return java.util.Arrays.copyOfRange(block, header, block.length);
    }

    /** Levels in {@code buffers[index]}: none if absent or empty, raw u16 unless {@code compression} is set. */
    private static int[] levels(byte[][] buffers, int index, CompressiveEncoding compression, long count) {
        if (buffers.length <= index || buffers[index].length == 0) {
            return null;
        }
        byte[] buffer = buffers[index];
        if (compression != null) {
            return Levels.decode(compression, Slice.of(buffer), DecodeException.toInt(count, "level count"));
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
