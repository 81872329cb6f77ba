package dev.plainlance.lance.write;

import dev.plainlance.lance.env.Env;
import dev.plainlance.lance.error.UnsupportedFeatureException;
import dev.plainlance.lance.ipc.LanceScanner;
import dev.plainlance.lance.ipc.ScanOptions;
import dev.plainlance.lance.pb.table.DataFragment;
import dev.plainlance.lance.pb.table.Transaction;
import dev.plainlance.lance.scan.KeyLookup;
import dev.plainlance.lance.table.TableSnapshot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.roaringbitmap.RoaringBitmap;

/**
 * Stages "remove the rows with these keys, then add these rows" as one REWRITE_ROWS Update: the rows whose utf8
 * key column holds one of the keys get deletion files, and the new rows go to new fragments. Upserts, updates and
 * deletes of keyed rows are all this one change, so any mix of them on one table commits as one version.
 */
public final class KeyedRewriter {
    /** The uncommitted transaction, how many live rows it removes and how many it writes. */
    public record Staged(Transaction transaction, long removedRows, long writtenRows) {}

    private final Env env;

    public KeyedRewriter(Env env) {
        this.env = env;
    }

    /**
     * Writes the new files of the change on {@code table}'s version.
     *
     * @throws IllegalArgumentException when {@code keyColumn} is not a utf8 column of the table
     * @throws UnsupportedFeatureException for tables with stable row ids
     */
    public Staged stage(TableSnapshot table, String keyColumn, Set<String> removeKeys, ArrowReader rows)
            throws IOException {
        return stage(table, keyColumn, removeKeys, rows, null);
    }

    /** {@link #stage}, finding the rows to remove with {@code lookup} (an index of the key column) when not null. */
    public Staged stage(
            TableSnapshot table, String keyColumn, Set<String> removeKeys, ArrowReader rows, KeyLookup lookup)
            throws IOException {
        return stage(table, keyColumn, removeKeys, rows, lookup, Map.of());
    }

    /** As above, trying the row addresses {@code hints} gives for some keys first (see {@link KeyLookup}). */
    public Staged stage(
            TableSnapshot table,
            String keyColumn,
            Set<String> removeKeys,
            ArrowReader rows,
            KeyLookup lookup,
            Map<String, Long> hints)
            throws IOException {
        if (table.hasStableRowIds()) {
            throw new UnsupportedFeatureException(
                    "keyed rewrite of " + table.name() + " is not supported: it uses stable row ids");
        }
        Map<Long, RoaringBitmap> removed = removeKeys.isEmpty()
                ? Map.of()
                : lookup != null
                        ? lookup.locate(table, removeKeys, hints, env)
                        : locate(table, keyColumn, removeKeys, env);
        RowRewrite.Staged staged = RowRewrite.stage(table, rows, () -> removed, RowRewrite.allFields(table), env);
        long written = staged.written().stream()
                .mapToLong(DataFragment::getPhysicalRows)
                .sum();
        return new Staged(staged.transaction(), staged.deletions().deletedRows(), written);
    }

    /** The live rows of {@code table} whose key is one of {@code keys}, by fragment id. */
    public static Map<Long, RoaringBitmap> locate(TableSnapshot table, String keyColumn, Set<String> keys, Env env)
            throws IOException {
        LanceScanner scanner = new LanceScanner(
                table,
                new ScanOptions.Builder()
                        .columns(List.of(keyColumn))
                        .withRowAddress(true)
                        .build(),
                env);
        if (!(scanner.schema().getFields().get(0).getType() instanceof ArrowType.Utf8)) {
            throw new IllegalArgumentException("key column " + keyColumn + " of " + table.name() + " is not utf8");
        }
        Map<Long, RoaringBitmap> hits = new HashMap<>();
        try (ArrowReader reader = scanner.scanBatches()) {
            while (reader.loadNextBatch()) {
                VectorSchemaRoot batch = reader.getVectorSchemaRoot();
                VarCharVector key = (VarCharVector) batch.getVector(0);
                UInt8Vector addresses = (UInt8Vector) batch.getVector(1);
                for (int row = 0; row < batch.getRowCount(); row++) {
                    if (!key.isNull(row) && keys.contains(new String(key.get(row), StandardCharsets.UTF_8))) {
                        long address = addresses.get(row);
                        hits.computeIfAbsent(address >>> 32, f -> new RoaringBitmap())
                                .add((int) address);
                    }
                }
            }
        }
        return hits;
    }
}
