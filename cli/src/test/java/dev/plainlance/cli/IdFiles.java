package dev.plainlance.cli;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.ipc.ArrowWriter;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/** Input files for CLI tests: ids {@code [from, to)} in one non-null int64 column. */
final class IdFiles {
    private IdFiles() {}

    /** Writes an Arrow IPC file when {@code file} ends in {@code .arrow}, else an IPC stream. */
    static Path write(Path file, long from, long to) throws IOException {
        Schema schema = new Schema(List.of(Field.notNullable("id", new ArrowType.Int(64, true))));
        try (BufferAllocator allocator = new RootAllocator();
                VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
                FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                ArrowWriter writer = file.toString().endsWith(".arrow")
                        ? new ArrowFileWriter(root, null, channel)
                        : new ArrowStreamWriter(root, null, channel)) {
            BigIntVector id = (BigIntVector) root.getVector(0);
            for (long i = from; i < to; i++) {
                id.setSafe((int) (i - from), i);
            }
            root.setRowCount((int) (to - from));
            writer.start();
            writer.writeBatch();
            writer.end();
        }
        return file;
    }
}
