package dev.plainlance.lance.scan;

import dev.plainlance.lance.error.LanceIOException;
import dev.plainlance.lance.file.LanceFileReader;
import dev.plainlance.lance.io.RandomAccessSource;
import dev.plainlance.lance.pb.table.DataFile;
import dev.plainlance.lance.pb.table.DataFragment;
import dev.plainlance.lance.schema.LanceField;
import dev.plainlance.lance.table.FileBases;
import dev.plainlance.lance.table.TableSnapshot;
import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The bytes a version's data takes on disk, as the official {@code calculateDataSize} counts them: the page
 * buffers of every column of every data file whose field is still in the schema (a column without a field of its
 * own belongs to the field before it), from the files' metadata alone. Datasets in the legacy format count 0.
 */
public final class DataSizes {
    private DataSizes() {}

    public static long of(TableSnapshot table) {
        if (table.fileFormatVersion().equals("0.1")) {
            return 0;
        }
        Set<Integer> live = new HashSet<>();
        collectIds(table.schema().fields(), live);
        long total = 0;
        for (DataFragment fragment : table.fragments()) {
            for (DataFile file : fragment.getFilesList()) {
                total += liveColumnBytes(table.bases(), file, live);
            }
        }
        return total;
    }

    private static long liveColumnBytes(FileBases bases, DataFile file, Set<Integer> live) {
        FileBases.Located located = bases.dataFile(file);
        try (RandomAccessSource source = located.storage().openRandomAccess(located.key())) {
            return liveColumnBytes(LanceFileReader.open(source), file, live);
        } catch (IOException e) {
            throw new LanceIOException("cannot read data file " + located.describe(), e);
        }
    }

    private static long liveColumnBytes(LanceFileReader reader, DataFile file, Set<Integer> live) {
        Map<Integer, Integer> fieldOfColumn = new HashMap<>();
        for (int i = 0; i < file.getFieldsCount() && i < file.getColumnIndicesCount(); i++) {
            if (file.getColumnIndices(i) >= 0) {
                fieldOfColumn.put(file.getColumnIndices(i), file.getFields(i));
            }
        }
        long bytes = 0;
        int field = 0;
        for (int column = 0; column < reader.numColumns(); column++) {
            field = fieldOfColumn.getOrDefault(column, field);
            if (live.contains(field)) {
                bytes += reader.columnPageBytes(column);
            }
        }
        return bytes;
    }

    private static void collectIds(List<LanceField> fields, Set<Integer> into) {
        for (LanceField field : fields) {
            into.add(field.id());
            collectIds(field.children(), into);
        }
    }
}
