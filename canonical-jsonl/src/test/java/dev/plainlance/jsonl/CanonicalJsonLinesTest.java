package dev.plainlance.jsonl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DateMilliVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.complex.impl.UnionListWriter;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CanonicalJsonLinesTest {
    private final BufferAllocator allocator = new RootAllocator();

    @AfterEach
    void close() {
        allocator.close();
    }

    private String row(List<FieldVector> columns, int row) {
        StringBuilder sb = new StringBuilder();
        new CanonicalJsonLines().appendRow(columns, row, sb);
        return sb.toString();
    }

    @Test
    void scalarsFollowTheContract() {
        try (BitVector b = new BitVector("b", allocator);
                IntVector i = new IntVector("i", allocator);
                UInt8Vector u = new UInt8Vector("u", allocator);
                Float4Vector f = new Float4Vector("f", allocator);
                Float8Vector d = new Float8Vector("d", allocator);
                VarCharVector s = new VarCharVector("s", allocator);
                VarBinaryVector bin = new VarBinaryVector("bin", allocator);
                DateDayVector day = new DateDayVector("day", allocator);
                DateMilliVector ms = new DateMilliVector("ms", allocator);
                DecimalVector dec = new DecimalVector("dec", allocator, 10, 2)) {
            for (FieldVector v : List.<FieldVector>of(b, i, u, f, d, s, bin, day, ms, dec)) {
                v.allocateNew();
            }
            b.setSafe(0, 1);
            i.setSafe(0, -7);
            u.setSafe(0, -1L);
            f.setSafe(0, 0.1f);
            d.setSafe(0, -0.0);
            s.setSafe(0, "q\"\\\n\t\u0001é".getBytes(StandardCharsets.UTF_8));
            bin.setSafe(0, new byte[] {0, 1, (byte) 0xff});
            day.setSafe(0, 19000);
            ms.setSafe(0, 86_400_000L * 3);
            dec.setSafe(0, new BigDecimal("-12.50"));
            b.setNull(1);
            i.setNull(1);
            u.setNull(1);
            f.setSafe(1, Float.NaN);
            d.setSafe(1, Double.NEGATIVE_INFINITY);
            s.setNull(1);
            bin.setNull(1);
            day.setNull(1);
            ms.setSafe(1, 1234L);
            dec.setNull(1);
            List<FieldVector> all = List.of(b, i, u, f, d, s, bin, day, ms, dec);
            all.forEach(v -> v.setValueCount(2));
            assertEquals(
                    "{\"b\":true,\"i\":-7,\"u\":18446744073709551615,\"f\":0.1,\"d\":-0.0,"
                            + "\"s\":\"q\\\"\\\\\\n\\t\\u0001é\",\"bin\":\"AAH/\",\"day\":\"2022-01-08\",\"ms\":\"1970-01-04\","
                            + "\"dec\":\"-12.50\"}",
                    row(all, 0));
            assertEquals(
                    "{\"b\":null,\"i\":null,\"u\":null,\"f\":\"NaN\",\"d\":\"-Infinity\",\"s\":null,"
                            + "\"bin\":null,\"day\":null,\"ms\":1234,\"dec\":null}",
                    row(all, 1));
        }
    }

    @Test
    void nestedValues() {
        try (ListVector list = ListVector.empty("li", allocator);
                StructVector st = StructVector.empty("st", allocator)) {
            UnionListWriter writer = list.getWriter();
            writer.startList();
            writer.writeInt(1);
            writer.writeNull();
            writer.endList();
            writer.setValueCount(1);
            IntVector a = st.addOrGet("a", FieldType.nullable(new ArrowType.Int(32, true)), IntVector.class);
            BigIntVector z = st.addOrGet("z", FieldType.nullable(new ArrowType.Int(64, true)), BigIntVector.class);
            st.allocateNew();
            a.setSafe(0, 5);
            z.setNull(0);
            st.setIndexDefined(0);
            st.setValueCount(1);
            assertEquals("{\"li\":[1,null],\"st\":{\"a\":5,\"z\":null}}", row(List.of(list, st), 0));
        }
    }
}
