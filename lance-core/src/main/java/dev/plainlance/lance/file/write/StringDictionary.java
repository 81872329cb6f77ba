package dev.plainlance.lance.file.write;

import dev.plainlance.lance.pb.enc21.CompressiveEncoding;
import dev.plainlance.lance.pb.enc21.Variable;
import java.util.HashMap;
import java.util.Map;

/**
 * Dictionary encoding of a 2.1 page of strings or binaries: the distinct values in first-appearance order (stored
 * as one block {@code [bits][data start][n + 1 offsets][bytes]} with 32- or 64-bit words) and one 32-bit index per
 * value slot. Used when the page has at least 100 values and the dictionary form is estimated below 80 % of the
 * plain size, as the official writer decides.
 */
final class StringDictionary {
    private static final int MIN_VALUES = 100;
    private static final double MAX_RATIO = 0.8;
    private static final int SAMPLE = 4096;

    final byte[] block;
    final int items;
    final LeafValues indices;
    final CompressiveEncoding encoding;

    private StringDictionary(byte[] block, int items, LeafValues indices, CompressiveEncoding encoding) {
        this.block = block;
        this.items = items;
        this.indices = indices;
        this.encoding = encoding;
    }

    /**
     * The dictionary form of {@code values}, or null if it would not pay off. A sample of the first values with more
     * than half of them distinct ends the attempt early.
     */
    static StringDictionary tryEncode(LeafValues values) {
        int n = values.count();
        if (n < MIN_VALUES) {
            return null;
        }
        int width = values.type().offsetBytes();
        long plainBytes = values.bytes().size() + (long) width * (n + 1);
        double averageLength = (double) values.bytes().size() / n;
        int sample = Math.min(n, SAMPLE);
        if (2 * distinct(values, sample) > sample) {
            return null;
        }
        long budget = (long) ((MAX_RATIO * plainBytes - (double) width * n) / (averageLength + width));
        Map<ByteKey, Integer> ids = new HashMap<>();
        GrowableBytes dictionaryBytes = new GrowableBytes(1 << 12);
        GrowableBytes dictionaryEnds = new GrowableBytes(1 << 10);
        GrowableBytes indexBytes = new GrowableBytes(4 * n);
        byte[] data = values.bytes().array();
        for (int i = 0; i < n; i++) {
            int start = Math.toIntExact(values.start(i));
            int length = Math.toIntExact(values.end(i) - start);
            ByteKey key = new ByteKey(data, start, length);
            Integer id = ids.get(key);
            if (id == null) {
                if (ids.size() >= budget) {
                    return null;
                }
                id = ids.size();
                ids.put(key, id);
                dictionaryBytes.put(data, start, length);
                dictionaryEnds.putLong(dictionaryBytes.size());
            }
            indexBytes.putInt(id);
        }
        int items = ids.size();
        GrowableBytes block = new GrowableBytes(2 * width + (items + 1) * width + dictionaryBytes.size());
        block.putUint(8L * width, width);
        block.putUint(2L * width + (long) (items + 1) * width, width);
        block.putUint(0, width);
        for (int i = 0; i < items; i++) {
            block.putUint(GrowableBytes.getLong(dictionaryEnds.array(), 8 * i), width);
        }
        block.put(dictionaryBytes.array(), 0, dictionaryBytes.size());
        LeafValues indices = LeafValues.ofInts(indexBytes, n);
        CompressiveEncoding encoding = CompressiveEncoding.newBuilder()
                .setVariable(Variable.newBuilder().setOffsets(MiniBlockValueEncoder.flatEncoding(8L * width)))
                .build();
        return new StringDictionary(block.toByteArray(), items, indices, encoding);
    }

    private static int distinct(LeafValues values, int count) {
        Map<ByteKey, Boolean> seen = new HashMap<>();
        byte[] data = values.bytes().array();
        for (int i = 0; i < count; i++) {
            int start = Math.toIntExact(values.start(i));
            seen.put(new ByteKey(data, start, Math.toIntExact(values.end(i) - start)), Boolean.TRUE);
        }
        return seen.size();
    }
}
