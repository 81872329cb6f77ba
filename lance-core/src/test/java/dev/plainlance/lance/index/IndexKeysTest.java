package dev.plainlance.lance.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.junit.jupiter.api.Test;

/** uint64 keys: values above {@code Long.MAX_VALUE} order after every smaller one and survive a round trip. */
class IndexKeysTest {
    @Test
    void uint64KeysOrderAsUnsignedAndRoundTrip() {
        long[] bits = {-1, 0, Long.MIN_VALUE, Long.MAX_VALUE, 7, Long.MIN_VALUE + 3};
        try (BufferAllocator allocator = new RootAllocator();
                UInt8Vector in = new UInt8Vector("u", allocator);
                UInt8Vector out = new UInt8Vector("u", allocator)) {
            for (int i = 0; i < bits.length; i++) {
                in.setSafe(i, bits[i]);
            }
            in.setNull(bits.length);
            in.setValueCount(bits.length + 1);
            List<Object> keys = new ArrayList<>();
            for (int i = 0; i <= bits.length; i++) {
                keys.add(IndexKeys.value(in, i));
            }
            assertEquals(BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE), keys.get(0));
            assertEquals(Long.MAX_VALUE, keys.get(3));
            for (int i = 0; i <= bits.length; i++) {
                IndexKeys.set(out, i, keys.get(i));
            }
            out.setValueCount(bits.length + 1);
            for (int i = 0; i < bits.length; i++) {
                assertEquals(bits[i], out.get(i));
            }
            assertTrue(out.isNull(bits.length));
            keys.sort(IndexKeys::compareNullsFirst);
            assertEquals(
                    List.of(
                            "null",
                            "0",
                            "7",
                            "9223372036854775807",
                            "9223372036854775808",
                            "9223372036854775811",
                            "18446744073709551615"),
                    keys.stream().map(String::valueOf).toList());
            assertTrue(IndexKeys.compare(-1L, keys.get(6)) < 0);
            assertTrue(IndexKeys.compare(1e19, keys.get(5)) > 0);
            assertTrue(IndexKeys.supported(new ArrowType.Int(64, false)));
        }
    }
}
