package dev.plainlance.lance;

import dev.plainlance.lance.arrow.ArrowReaders;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/** Batches of one column, {@code id: int64}, holding consecutive ids; {@link #close} frees every batch made. */
public final class IdRows implements AutoCloseable {
    private final BufferAllocator allocator;
    private final Schema schema;
    private final List<VectorSchemaRoot> roots = new ArrayList<>();

    /** {@code id} nullable or not, as {@code nullable} says. */
    public IdRows(BufferAllocator allocator, boolean nullable) {
        this.allocator = allocator;
        ArrowType int64 = new ArrowType.Int(64, true);
        this.schema = new Schema(List.of(nullable ? Field.nullable("id", int64) : Field.notNullable("id", int64)));
    }

    public Schema schema() {
        return schema;
    }

    /** The ids {@code from} (inclusive) to {@code to} (exclusive) as one batch. */
    public VectorSchemaRoot batch(long from, long to) {
        VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
        roots.add(root);
        for (long i = from; i < to; i++) {
            ((BigIntVector) root.getVector(0)).setSafe((int) (i - from), i);
        }
        root.setRowCount((int) (to - from));
        return root;
    }

    /** {@link #batch} as a reader. */
    public ArrowReader reader(long from, long to) {
        return ArrowReaders.of(schema, List.of(batch(from, to)), allocator);
    }

    @Override
    public void close() {
        roots.forEach(VectorSchemaRoot::close);
        roots.clear();
    }
}
