package dev.plainlance.interop;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.TextFormat;
import dev.plainlance.lance.pb.file2.ColumnMetadata;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The page encodings the official writer chose, per top-level column, read straight from the data files' column
 * metadata (footer → column metadata offset table → {@code ColumnMetadata.pages[].encoding.direct} →
 * {@code google.protobuf.Any}): {@code lance.encodings21.PageLayout} (2.1+) or {@code lance.encodings.ArrayEncoding}
 * (2.0), printed in protobuf text form. Only used to label failures and to check that the fixtures reach the
 * encodings they are meant to reach.
 */
final class FileEncodings {
    private FileEncodings() {}

    /** Top-level column name → distinct page encodings over every data file of the version, "cN: text" each. */
    static Map<String, String> of(dev.plainlance.lance.Dataset plain) {
        Map<Integer, String> topLevel = new HashMap<>();
        Map<Integer, Integer> parents = new HashMap<>();
        Map<Integer, String> names = new HashMap<>();
        for (dev.plainlance.lance.schema.LanceField f : plain.getLanceSchema().allFieldsPreOrder()) {
            parents.put(f.id(), f.parentId());
            names.put(f.id(), f.name());
        }
        for (Integer id : names.keySet()) {
            int top = id;
            while (parents.getOrDefault(top, -1) >= 0) {
                top = parents.get(top);
            }
            topLevel.put(id, names.get(top));
        }
        Map<String, Set<String>> out = new LinkedHashMap<>();
        plain.getLanceSchema().fields().forEach(f -> out.put(f.name(), new LinkedHashSet<>()));
        Path root = Path.of(
                plain.uri().startsWith("file:")
                        ? java.net.URI.create(plain.uri()).getPath()
                        : plain.uri());
        for (dev.plainlance.lance.Fragment fragment : plain.getFragments()) {
            for (dev.plainlance.lance.fragment.DataFile file :
                    fragment.metadata().getFiles()) {
                int[] fields = file.getFields();
                int[] columns = file.getColumnIndices();
                Map<Integer, String> pages = pageEncodings(root.resolve("data").resolve(file.getPath()));
                for (int i = 0; i < Math.min(fields.length, columns.length); i++) {
                    String text = pages.get(columns[i]);
                    String top = topLevel.get(fields[i]);
                    if (text != null && top != null) {
                        out.computeIfAbsent(top, k -> new LinkedHashSet<>())
                                .add("c" + columns[i] + "(" + names.get(fields[i]) + "): " + text);
                    }
                }
            }
        }
        Map<String, String> result = new LinkedHashMap<>();
        out.forEach((k, v) -> result.put(k, String.join(" || ", v)));
        return result;
    }

    /** Column index → distinct page encodings of that column in one data file, joined by " | ". */
    static Map<Integer, String> pageEncodings(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            ByteBuffer footer = read(ch, size - 40, 40);
            long cmoStart = footer.getLong(8);
            int numColumns = footer.getInt(28);
            int major = Short.toUnsignedInt(footer.getShort(32));
            int minor = Short.toUnsignedInt(footer.getShort(34));
            boolean v20 = major == 0 && minor == 3;
            ByteBuffer cmo = read(ch, cmoStart, numColumns * 16);
            Map<Integer, String> result = new TreeMap<>();
            for (int c = 0; c < numColumns; c++) {
                ByteBuffer meta = read(ch, cmo.getLong(16 * c), (int) cmo.getLong(16 * c + 8));
                ColumnMetadata cm = ColumnMetadata.parseFrom(meta);
                Set<String> kinds = new LinkedHashSet<>();
                for (ColumnMetadata.Page page : cm.getPagesList()) {
                    kinds.add(describe(page, v20));
                }
                result.put(c, String.join(" | ", kinds));
            }
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String describe(ColumnMetadata.Page page, boolean v20) {
        if (!page.getEncoding().hasDirect()) {
            return "(deferred encoding)";
        }
        try {
            Any any = Any.parseFrom(page.getEncoding().getDirect().getEncoding());
            Message m = v20
                    ? dev.plainlance.lance.pb.enc20.ArrayEncoding.parseFrom(any.getValue())
                    : dev.plainlance.lance.pb.enc21.PageLayout.parseFrom(any.getValue());
            String text = TextFormat.printer().shortDebugString(m);
            return text.length() > 400 ? text.substring(0, 400) + "…" : text;
        } catch (InvalidProtocolBufferException e) {
            return "(unparsable encoding: " + e.getMessage() + ")";
        }
    }

    private static ByteBuffer read(FileChannel ch, long position, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            if (ch.read(b, position + b.position()) < 0) {
                throw new IOException("unexpected end of file");
            }
        }
        return b.flip();
    }
}
