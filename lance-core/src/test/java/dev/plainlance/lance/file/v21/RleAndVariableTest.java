package dev.plainlance.lance.file.v21;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.plainlance.lance.file.codec.ArrayData;
import dev.plainlance.lance.file.codec.Bytes;
import dev.plainlance.lance.file.codec.DecodeException;
import dev.plainlance.lance.pb.enc21.CompressiveEncoding;
import dev.plainlance.lance.pb.enc21.Flat;
import dev.plainlance.lance.pb.enc21.Rle;
import dev.plainlance.lance.pb.enc21.Variable;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Run-length and variable-width decoding on hand-built buffers. */
class RleAndVariableTest {

    private static CompressiveEncoding flat(int bits) {
        return CompressiveEncoding.newBuilder()
                .setFlat(Flat.newBuilder().setBitsPerValue(bits))
                .build();
    }

    private static final Rle RLE16 =
            Rle.newBuilder().setValues(flat(16)).setRunLengths(flat(8)).build();

    @Test
    void expandsRuns() {
        byte[] values = new byte[6];
        Bytes.putUint(values, 0, 2, 7);
        Bytes.putUint(values, 2, 2, 0);
        Bytes.putUint(values, 4, 2, 65535);
        byte[] lengths = {3, 1, 2};
        ArrayData out = dev.plainlance.lance.file.v21.Rle.decode(RLE16, Slice.of(values), Slice.of(lengths), 6);
        int[] expected = {7, 7, 7, 0, 65535, 65535};
        for (int i = 0; i < 6; i++) {
            assertEquals(expected[i], Bytes.u16(out.data, 2 * i));
        }
        assertThrows(
                DecodeException.class,
                () -> dev.plainlance.lance.file.v21.Rle.decode(RLE16, Slice.of(values), Slice.of(lengths), 5));
        assertThrows(
                DecodeException.class,
                () -> dev.plainlance.lance.file.v21.Rle.decode(RLE16, Slice.of(values), Slice.of(lengths), 7));
    }

    @Test
    void decodesRunLengthEncodedLevelBlocks() {
        byte[] block = {6, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 6, 1, 3};
        CompressiveEncoding encoding =
                CompressiveEncoding.newBuilder().setRle(RLE16).build();
        int[] levels = Levels.decode(encoding, Slice.of(block), 10);
        assertEquals(
                List.of(0, 0, 0, 0, 0, 0, 1, 0, 0, 0),
                java.util.Arrays.stream(levels).boxed().toList());
    }

    @Test
    void decodesMiniBlockVariableChunks() {
        byte[] chunk = new byte[12 + 7];
        Bytes.putI32(chunk, 0, 12);
        Bytes.putI32(chunk, 4, 15);
        Bytes.putI32(chunk, 8, 19);
        System.arraycopy("lancejava".getBytes(StandardCharsets.US_ASCII), 0, chunk, 12, 7);
        CompressiveEncoding variable = CompressiveEncoding.newBuilder()
                .setVariable(Variable.newBuilder().setOffsets(flat(32)))
                .build();
        ArrayData out = new MiniBlockValues(variable).decodeChunks(List.of(List.of(Slice.of(chunk))), new int[] {2});
        assertEquals("lan", new String(out.data, out.offsets[0], out.offsets[1], StandardCharsets.US_ASCII));
        assertEquals(
                "ceja",
                new String(out.data, out.offsets[1], out.offsets[2] - out.offsets[1], StandardCharsets.US_ASCII));
    }

    @Test
    void decodesVariableBlocksInBothHeaderFormats() {
        byte[] bytes = "abcde".getBytes(StandardCharsets.US_ASCII);
        byte[] block = new byte[8 + 12 + 5];
        Bytes.putI32(block, 0, 32);
        Bytes.putI32(block, 4, 20);
        Bytes.putI32(block, 8, 0);
        Bytes.putI32(block, 12, 2);
        Bytes.putI32(block, 16, 5);
        System.arraycopy(bytes, 0, block, 20, 5);
        CompressiveEncoding variable = CompressiveEncoding.newBuilder()
                .setVariable(Variable.newBuilder().setOffsets(flat(32)))
                .build();
        ArrayData out = BlockDecoder.decode(variable, Slice.of(block), 2);
        assertEquals(2, out.offsets[1]);
        assertEquals(5, out.offsets[2]);

        byte[] old = new byte[9 + 12 + 5];
        old[0] = 32;
        Bytes.putI32(old, 1, 2);
        Bytes.putI32(old, 5, 21);
        Bytes.putI32(old, 9, 0);
        Bytes.putI32(old, 13, 2);
        Bytes.putI32(old, 17, 5);
        System.arraycopy(bytes, 0, old, 21, 5);
        ArrayData fromOld = BlockDecoder.decode(variable, Slice.of(old), 2);
        assertEquals("cde", new String(fromOld.data, fromOld.offsets[1], 3, StandardCharsets.US_ASCII));
    }
}
