package dev.plainlance.lance.file.write;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.plainlance.lance.pb.file2.ColumnMetadata;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Test helper: the column metadata of a written file, parsed from its footer and offset table. */
final class FileMetadata {
    private FileMetadata() {}

    static List<ColumnMetadata> columns(byte[] file) throws InvalidProtocolBufferException {
        ByteBuffer all = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        long cmoStart = all.getLong(file.length - 32);
        int numColumns = all.getInt(file.length - 12);
        List<ColumnMetadata> columns = new ArrayList<>();
        for (int c = 0; c < numColumns; c++) {
            int pos = (int) all.getLong((int) cmoStart + 16 * c);
            int size = (int) all.getLong((int) cmoStart + 16 * c + 8);
            columns.add(ColumnMetadata.parseFrom(Arrays.copyOfRange(file, pos, pos + size)));
        }
        return columns;
    }
}
