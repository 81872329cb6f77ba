package dev.plainlance.lance.file.write;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.lance.file.codec.ArrayData;
import dev.plainlance.lance.file.codec.Fsst;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** FSST tables trained by the writer decode, with the reader's decoder, to exactly the strings compressed. */
class FsstEncoderProperties {

    @Property(tries = 200)
    void compressedStringsDecodeToTheOriginals(@ForAll("strings") List<String> strings) {
        byte[][] raw =
                strings.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
        assertEquals(strings.size(), roundTrip(raw).size());
        List<byte[]> decoded = roundTrip(raw);
        for (int i = 0; i < raw.length; i++) {
            assertArrayEquals(raw[i], decoded.get(i), "string " + i);
        }
    }

    /**
     * Bytes from {0, 1, 'a'}: symbols holding zero bytes are common, so the masked tail of a string (zeros past its
     * end) must never match a symbol longer than what is left of it.
     */
    @Property(tries = 200)
    void stringsOfZeroBytesDecodeToTheOriginals(@ForAll("zeroHeavy") List<byte[]> strings) {
        byte[][] raw = strings.toArray(byte[][]::new);
        List<byte[]> decoded = roundTrip(raw);
        for (int i = 0; i < raw.length; i++) {
            assertArrayEquals(raw[i], decoded.get(i), "string " + i);
        }
    }

    @Provide
    Arbitrary<List<byte[]>> zeroHeavy() {
        Arbitrary<byte[]> bytes = Arbitraries.of((byte) 0, (byte) 1, (byte) 'a')
                .list()
                .ofMaxSize(20)
                .map(list -> {
                    byte[] out = new byte[list.size()];
                    for (int i = 0; i < out.length; i++) {
                        out[i] = list.get(i);
                    }
                    return out;
                });
        return bytes.list().ofMinSize(1).ofMaxSize(400);
    }

    /** Training keeps the 255 best candidates with a bounded heap: the same ones, in the same order, as sorting. */
    @Property(tries = 300)
    void theSmallestComeFirstInOrder(
            @ForAll("distinctValues") long[] values,
            @ForAll @net.jqwik.api.constraints.IntRange(min = 1, max = 300) int n) {
        int keep = Math.min(n, values.length);
        long[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        long[] selected = values.clone();
        FsstEncoder.smallestFirst(selected, selected.length, keep);
        assertArrayEquals(java.util.Arrays.copyOf(sorted, keep), java.util.Arrays.copyOf(selected, keep));
    }

    @Provide
    Arbitrary<long[]> distinctValues() {
        return Arbitraries.longs().set().ofMinSize(1).ofMaxSize(3000).map(set -> set.stream()
                .mapToLong(Long::longValue)
                .toArray());
    }

    @Test
    void repetitiveTextCompressesWell() {
        List<String> words = List.of("alpha", "beta", "gamma", "delta", "epsilon");
        byte[][] raw = new byte[5000][];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = ("user-" + words.get(i % 5) + "-" + (i % 97) + "@example.com").getBytes(StandardCharsets.UTF_8);
        }
        long[] starts = starts(raw);
        byte[] data = concat(raw);
        FsstEncoder fsst = FsstEncoder.train(data, starts, raw.length);
        GrowableBytes out = new GrowableBytes(1024);
        fsst.compressAll(data, new long[] {0, data.length}, 1, out, new long[2]);
        assertTrue(out.size() * 3 < data.length, "compressed " + data.length + " bytes to " + out.size());
        assertEquals(FsstEncoder.TABLE_SIZE, fsst.serialize().length);
    }

    private static List<byte[]> roundTrip(byte[][] raw) {
        long[] starts = starts(raw);
        byte[] data = concat(raw);
        FsstEncoder fsst = FsstEncoder.train(data, starts, raw.length);
        GrowableBytes out = new GrowableBytes(1024);
        out.put((byte) 7); // codes need not start at the buffer's start
        long[] codeStarts = new long[raw.length + 1];
        fsst.compressAll(data, starts, raw.length, out, codeStarts);
        int[] offsets = new int[raw.length + 1];
        for (int i = 0; i <= raw.length; i++) {
            offsets[i] = Math.toIntExact(codeStarts[i] - 1);
        }
        ArrayData compressed =
                ArrayData.variable(raw.length, offsets, java.util.Arrays.copyOfRange(out.array(), 1, out.size()), null);
        ArrayData decoded = Fsst.parse(fsst.serialize()).decompress(compressed);
        List<byte[]> result = new ArrayList<>();
        for (int i = 0; i < raw.length; i++) {
            result.add(java.util.Arrays.copyOfRange(decoded.data, decoded.offsets[i], decoded.offsets[i + 1]));
        }
        return result;
    }

    private static long[] starts(byte[][] raw) {
        long[] starts = new long[raw.length + 1];
        for (int i = 0; i < raw.length; i++) {
            starts[i + 1] = starts[i] + raw[i].length;
        }
        return starts;
    }

    private static byte[] concat(byte[][] raw) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] r : raw) {
            out.writeBytes(r);
        }
        return out.toByteArray();
    }

    @Provide
    Arbitrary<List<String>> strings() {
        Arbitrary<String> text = Arbitraries.oneOf(
                Arbitraries.strings().withCharRange('a', 'f').ofMaxLength(30),
                Arbitraries.strings().all().ofMaxLength(12),
                Arbitraries.of("", "http://example.com/a", "http://example.com/b", "ÿÿÿÿ\u00ff", "\u0000\u0000"));
        return text.list().ofMinSize(1).ofMaxSize(300);
    }
}
