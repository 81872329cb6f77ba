package dev.plainlance.lance.expr;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DateMilliVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VariableWidthFieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Test helper building a {@link VectorSchemaRoot} from boxed values, independently of the code
 * under test. Values: Number for ints/floats/dates/timestamps (raw epoch value), Boolean, String,
 * byte[], BigDecimal; null for NULL.
 */
final class TestBatch implements AutoCloseable {
    private final BufferAllocator allocator;
    private final List<FieldVector> vectors = new ArrayList<>();
    private VectorSchemaRoot root;

    TestBatch(BufferAllocator allocator) {
        this.allocator = allocator;
    }

    TestBatch add(String name, ArrowType type, Object... values) {
        FieldVector v = new Field(name, FieldType.nullable(type), null).createVector(allocator);
        fill(v, values);
        vectors.add(v);
        return this;
    }

    TestBatch addVector(FieldVector v) {
        vectors.add(v);
        return this;
    }

    static void fill(FieldVector v, Object... values) {
        v.setInitialCapacity(values.length);
        v.allocateNew();
        for (int i = 0; i < values.length; i++) {
            Object o = values[i];
            if (o == null) {
                continue; // validity bit stays 0
            }
            if (v instanceof UInt8Vector u) {
                u.setSafe(i, o instanceof BigDecimal bd ? bd.toBigInteger().longValue() : ((Number) o).longValue());
            } else if (v instanceof BaseIntVector x) {
                x.setWithPossibleTruncate(i, ((Number) o).longValue());
            } else if (v instanceof Float8Vector x) {
                x.setSafe(i, ((Number) o).doubleValue());
            } else if (v instanceof Float4Vector x) {
                x.setSafe(i, ((Number) o).floatValue());
            } else if (v instanceof BitVector x) {
                x.setSafe(i, (Boolean) o ? 1 : 0);
            } else if (v instanceof DateDayVector x) {
                x.setSafe(i, ((Number) o).intValue());
            } else if (v instanceof DateMilliVector x) {
                x.setSafe(i, ((Number) o).longValue());
            } else if (v instanceof TimeStampVector x) {
                x.setSafe(i, ((Number) o).longValue());
            } else if (v instanceof org.apache.arrow.vector.TimeMilliVector x) {
                x.setSafe(i, ((Number) o).intValue());
            } else if (v instanceof org.apache.arrow.vector.Float2Vector x) {
                x.setSafeWithPossibleTruncate(i, ((Number) o).floatValue());
            } else if (v instanceof org.apache.arrow.vector.Decimal256Vector x) {
                x.setSafe(i, (BigDecimal) o);
            } else if (v instanceof DecimalVector x) {
                x.setSafe(i, (BigDecimal) o);
            } else if (v instanceof FixedSizeBinaryVector x) {
                x.setSafe(i, (byte[]) o);
            } else if (v instanceof VariableWidthFieldVector x) {
                x.setSafe(i, o instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : (byte[]) o);
            } else {
                throw new IllegalArgumentException(v.getClass().toString());
            }
        }
        v.setValueCount(values.length);
    }

    VectorSchemaRoot root() {
        if (root == null) {
            root = new VectorSchemaRoot(vectors);
            root.setRowCount(vectors.isEmpty() ? 0 : vectors.get(0).getValueCount());
        }
        return root;
    }

    Schema schema() {
        return root().getSchema();
    }

    @Override
    public void close() {
        if (root != null) {
            root.close();
        } else {
            vectors.forEach(FieldVector::close);
        }
    }
}
