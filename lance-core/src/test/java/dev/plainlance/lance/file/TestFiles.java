package dev.plainlance.lance.file;

import com.google.protobuf.Any;
import com.google.protobuf.Message;
import dev.plainlance.lance.pb.file.Field;
import dev.plainlance.lance.pb.file.FileDescriptor;
import dev.plainlance.lance.pb.file.Schema;
import dev.plainlance.lance.pb.file2.ColumnMetadata;
import dev.plainlance.lance.pb.file2.DirectEncoding;
import dev.plainlance.lance.pb.file2.Encoding;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/** Builds small Lance files by hand (container only; page contents are supplied by the test). */
final class TestFiles {
    private TestFiles() {}

    /** One page: its buffers, row count and encoding message (ArrayEncoding or PageLayout). */
    record Page(long length, Message encoding, byte[]... buffers) {}

    static Field field(int id, String name, String logicalType) {
        return Field.newBuilder()
                .setId(id)
                .setParentId(-1)
                .setName(name)
                .setLogicalType(logicalType)
                .setNullable(true)
                .build();
    }

    /** A file of the given version with one column per entry of {@code columns}. */
    static byte[] file(int major, int minor, List<Field> fields, long rows, List<List<Page>> columns) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String typeUrl = major == 0 ? "/lance.encodings.ArrayEncoding" : "/lance.encodings21.PageLayout";
        List<byte[]> metadata = new ArrayList<>();
        for (List<Page> pages : columns) {
            ColumnMetadata.Builder column = ColumnMetadata.newBuilder()
                    .setEncoding(encoding("/lance.encodings.ColumnEncoding", new byte[] {0x0a, 0x00}));
            for (Page page : pages) {
                ColumnMetadata.Page.Builder builder = ColumnMetadata.Page.newBuilder()
                        .setLength(page.length())
                        .setEncoding(encoding(typeUrl, page.encoding().toByteArray()));
                for (byte[] buffer : page.buffers()) {
                    pad(out);
                    builder.addBufferOffsets(out.size()).addBufferSizes(buffer.length);
                    out.writeBytes(buffer);
                }
                column.addPages(builder);
            }
            metadata.add(column.build().toByteArray());
        }
        pad(out);
        long descriptorAt = out.size();
        byte[] descriptor = FileDescriptor.newBuilder()
                .setSchema(Schema.newBuilder().addAllFields(fields))
                .setLength(rows)
                .build()
                .toByteArray();
        out.writeBytes(descriptor);
        long columnMetaStart = out.size();
        List<long[]> positions = new ArrayList<>();
        for (byte[] column : metadata) {
            positions.add(new long[] {out.size(), column.length});
            out.writeBytes(column);
        }
        long cmoStart = out.size();
        ByteBuffer tables = ByteBuffer.allocate(16 * positions.size() + 16 + 40).order(ByteOrder.LITTLE_ENDIAN);
        for (long[] position : positions) {
            tables.putLong(position[0]).putLong(position[1]);
        }
        long gboStart = cmoStart + 16L * positions.size();
        tables.putLong(descriptorAt).putLong(descriptor.length);
        tables.putLong(columnMetaStart)
                .putLong(cmoStart)
                .putLong(gboStart)
                .putInt(1)
                .putInt(positions.size())
                .putShort((short) major)
                .putShort((short) minor)
                .put("LANC".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        out.writeBytes(tables.array());
        return out.toByteArray();
    }

    private static Encoding encoding(String typeUrl, byte[] value) {
        Any any = Any.newBuilder()
                .setTypeUrl(typeUrl)
                .setValue(com.google.protobuf.ByteString.copyFrom(value))
                .build();
        return Encoding.newBuilder()
                .setDirect(DirectEncoding.newBuilder().setEncoding(any.toByteString()))
                .build();
    }

    private static void pad(ByteArrayOutputStream out) {
        while (out.size() % 64 != 0) {
            out.write(0x48);
        }
    }
}
