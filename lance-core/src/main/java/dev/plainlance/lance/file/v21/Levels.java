package dev.plainlance.lance.file.v21;

import dev.plainlance.lance.file.codec.ArrayData;
import dev.plainlance.lance.file.codec.Bytes;
import dev.plainlance.lance.file.codec.DecodeException;
import dev.plainlance.lance.pb.enc21.CompressiveEncoding;

/** Decodes a block of repetition or definition levels (16-bit values) into an int array. */
final class Levels {
    private Levels() {}

    static int[] decode(CompressiveEncoding encoding, Slice data, int count) {
        ArrayData block = BlockDecoder.decode(encoding, data, count);
        DecodeException.check(
                block.kind == ArrayData.Kind.FIXED && block.width <= 2, "levels must be 8/16-bit integers");
        int[] levels = new int[count];
        for (int i = 0; i < count; i++) {
            levels[i] = (int) Bytes.uint(block.data, i * block.width, block.width);
        }
        return levels;
    }
}
