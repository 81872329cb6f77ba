package dev.plainlance.lance.write;

import com.google.protobuf.Any;
import dev.plainlance.lance.env.Env;
import dev.plainlance.lance.error.LanceIOException;
import dev.plainlance.lance.file.format.LanceFileVersion;
import dev.plainlance.lance.file.write.LanceFileWriter;
import dev.plainlance.lance.file.write.OutputSink;
import dev.plainlance.lance.file.write.WriterOptions;
import dev.plainlance.lance.index.IndexKeys;
import dev.plainlance.lance.index.IndexLayout;
import dev.plainlance.lance.index.IndexMetadatas;
import dev.plainlance.lance.index.IndexType;
import dev.plainlance.lance.index.ScalarIndexes;
import dev.plainlance.lance.index.ZoneMapIndexReader;
import dev.plainlance.lance.io.PendingObject;
import dev.plainlance.lance.io.Storage;
import dev.plainlance.lance.pb.table.DataFragment;
import dev.plainlance.lance.pb.table.IndexMetadata;
import dev.plainlance.lance.scan.TableScan;
import dev.plainlance.lance.schema.LanceField;
import dev.plainlance.lance.schema.LanceSchema;
import dev.plainlance.lance.table.TableSnapshot;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.UInt4Vector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.roaringbitmap.RoaringBitmap;

/**
 * Builds a BTREE or BITMAP segment over the live rows of some fragments, writing the files official 7.0.0 writes
 * (Lance 2.1 files under {@code _indices/{uuid}/}, see {@link IndexLayout}),
 * and returns its metadata for a CreateIndex transaction. Values and row ids are held in memory while building.
 */
public final class IndexBuilder {
    /** Rows per BTREE page, as official 7.0.0's default. */
    public static final int BTREE_BATCH_SIZE = 4096;

    private final Env env;
    private long rowsPerZone = IndexLayout.DEFAULT_ROWS_PER_ZONE;

    /** A builder whose ZONEMAP segments cut zones of {@code rows} live rows. */
    public IndexBuilder withRowsPerZone(long rows) {
        if (rows < 1) {
            throw new IllegalArgumentException("rows per zone must be at least 1, not " + rows);
        }
        this.rowsPerZone = rows;
        return this;
    }

    /** A builder of segments like {@code segment} of {@code table} (a ZONEMAP's zones as large). */
    public static IndexBuilder like(IndexMetadata segment, TableSnapshot table, Env env) throws IOException {
        IndexBuilder builder = new IndexBuilder(env);
        if (IndexMetadatas.type(segment) == IndexType.ZONEMAP
                && ScalarIndexes.open(table.bases(), segment, env.allocator(), env.caches())
                        instanceof ZoneMapIndexReader zones) {
            builder.withRowsPerZone(zones.rowsPerZone());
        }
        return builder;
    }

    public IndexBuilder(Env env) {
        this.env = env;
    }

    /**
     * The values of one column with their row ids: integers and dates as {@code longs} (nulls marked in
     * {@code nulls}), other types boxed in {@code values}.
     */
    record Column(List<Object> values, long[] longs, java.util.BitSet nulls, long[] rowIds, int size) {
        Object value(int i) {
            if (longs == null) {
                return values.get(i);
            }
            return nulls.get(i) ? null : (Object) longs[i];
        }

        /** Positions in index order: nulls first, then ascending values (ties in scan order). */
        int[] order() {
            if (longs == null) {
                Integer[] boxed = new Integer[size];
                for (int i = 0; i < size; i++) {
                    boxed[i] = i;
                }
                Arrays.sort(boxed, (a, b) -> IndexKeys.compareNullsFirst(values.get(a), values.get(b)));
                return Arrays.stream(boxed).mapToInt(Integer::intValue).toArray();
            }
            int[] order = new int[size];
            int n = 0;
            for (int i = nulls.nextSetBit(0); i >= 0 && i < size; i = nulls.nextSetBit(i + 1)) {
                order[n++] = i;
            }
            int[] rest = new int[size - n];
            int m = 0;
            for (int i = 0; i < size; i++) {
                if (!nulls.get(i)) {
                    rest[m++] = i;
                }
            }
            if (!ascending(rest, longs)) {
                rest = radixSort(rest, longs);
            }
            System.arraycopy(rest, 0, order, n, rest.length);
            return order;
        }

        /** Whether the keys of {@code positions} are already in ascending order (a column written sorted). */
        private static boolean ascending(int[] positions, long[] keys) {
            for (int i = 1; i < positions.length; i++) {
                if (keys[positions[i - 1]] > keys[positions[i]]) {
                    return false;
                }
            }
            return true;
        }

        /**
         * Stable LSD radix sort of positions by their signed 64-bit keys, 16 bits per pass; a pass whose digit is
         * the same for every key (the high bits of small numbers) moves nothing and is skipped.
         */
        private static int[] radixSort(int[] positions, long[] keys) {
            int[] from = positions;
            int[] to = new int[positions.length];
            int[] counts = new int[1 << 16];
            for (int shift = 0; shift < 64; shift += 16) {
                Arrays.fill(counts, 0);
                for (int p : from) {
                    counts[digit(keys[p], shift)]++;
                }
                if (from.length > 0 && counts[digit(keys[from[0]], shift)] == from.length) {
                    continue;
                }
                int sum = 0;
                for (int d = 0; d < counts.length; d++) {
                    int c = counts[d];
                    counts[d] = sum;
                    sum += c;
                }
                for (int p : from) {
                    to[counts[digit(keys[p], shift)]++] = p;
                }
                int[] swap = from;
                from = to;
                to = swap;
            }
            return from;
        }

        private static int digit(long key, int shift) {
            return (int) (((key ^ Long.MIN_VALUE) >>> shift) & 0xffff);
        }
    }

    /**
     * Writes a segment of {@code type} on {@code field} over the live rows of {@code fragments} of {@code table},
     * named {@code name}; its fragment bitmap is {@code fragments}' ids.
     */
    public IndexMetadata build(
            TableSnapshot table, LanceField field, IndexType type, String name, List<DataFragment> fragments)
            throws IOException {
        Field arrow = field.toArrow();
        if (!IndexKeys.supported(arrow.getType()) || !field.children().isEmpty()) {
            throw new IllegalArgumentException("cannot build a " + type.displayName() + " index on column "
                    + field.name() + " of type " + arrow.getType());
        }
        if (type != IndexType.BTREE && type != IndexType.BITMAP && type != IndexType.ZONEMAP) {
            throw new dev.plainlance.lance.error.UnsupportedFeatureException(
                    "plainlance builds BTREE, BITMAP and ZONEMAP indices, not " + type);
        }
        Column column = read(table.withFragments(fragments), path(table, field), type == IndexType.ZONEMAP);
        UUID uuid = env.newUuid();
        String dir = "_indices/" + uuid + "/";
        Storage storage = table.bases().own();
        Field values =
                new Field(type == IndexType.BTREE ? "values" : "keys", FieldType.nullable(arrow.getType()), null);
        List<dev.plainlance.lance.pb.table.IndexFile> files = new ArrayList<>();
        if (type == IndexType.BTREE) {
            writeBTree(storage, dir, values, column, files);
        } else if (type == IndexType.ZONEMAP) {
            writeZoneMap(storage, dir, arrow, column, files);
        } else {
            writeBitmap(storage, dir, values, column, files);
        }
        RoaringBitmap covered = new RoaringBitmap();
        fragments.forEach(f -> covered.add((int) f.getId()));
        return IndexMetadata.newBuilder()
                .setUuid(IndexMetadatas.uuid(uuid))
                .addFields(field.id())
                .setName(name)
                .setDatasetVersion(table.version())
                .setFragmentBitmap(IndexMetadatas.serialize(covered))
                .setIndexDetails(Any.newBuilder()
                        .setTypeUrl(
                                switch (type) {
                                    case BTREE -> IndexMetadatas.BTREE_TYPE_URL;
                                    case ZONEMAP -> IndexMetadatas.ZONEMAP_TYPE_URL;
                                    default -> IndexMetadatas.BITMAP_TYPE_URL;
                                }))
                .setIndexVersion(0)
                .setCreatedAt(env.clock().millis())
                .addAllFiles(files)
                .build();
    }

    /** The names from the top-level column down to {@code field}. */
    private static List<String> path(TableSnapshot table, LanceField field) {
        java.util.LinkedList<String> names = new java.util.LinkedList<>();
        for (Optional<LanceField> f = Optional.of(field);
                f.isPresent();
                f = table.schema().fieldById(f.get().parentId())) {
            names.addFirst(f.get().name());
            if (f.get().parentId() < 0) {
                break;
            }
        }
        return names;
    }

    /**
     * The leaf at {@code path} below the top-level vector {@code top} (itself for a top-level column) and, for a
     * field inside structs, the rows where an enclosing struct is null (its value is then null too).
     */
    private static FieldVector leaf(FieldVector top, List<String> path, java.util.BitSet nullParents) {
        FieldVector vector = top;
        for (String name : path.subList(1, path.size())) {
            for (int i = 0; i < vector.getValueCount(); i++) {
                if (vector.isNull(i)) {
                    nullParents.set(i);
                }
            }
            vector = (FieldVector) ((org.apache.arrow.vector.complex.StructVector) vector).getChild(name);
        }
        return vector;
    }

    /** The column's values with each row's id, or its address when {@code addresses}. */
    private Column read(TableSnapshot table, List<String> path, boolean addresses) throws IOException {
        TableScan scan = new TableScan(
                table,
                new TableScan.Request(
                        Optional.of(List.of(path.get(0))),
                        Optional.empty(),
                        TableScan.DEFAULT_BATCH_SIZE,
                        Optional.empty(),
                        !addresses,
                        addresses),
                env);
        List<Object> values = new ArrayList<>();
        long[] longs = null;
        java.util.BitSet nulls = new java.util.BitSet();
        long[] ids = new long[1024];
        int n = 0;
        try (ArrowReader reader = scan.batches()) {
            FieldVector first = leaf(reader.getVectorSchemaRoot().getVector(0), path, new java.util.BitSet());
            boolean integral =
                    first instanceof org.apache.arrow.vector.BaseIntVector && !(first instanceof UInt8Vector);
            if (integral) {
                longs = new long[1024];
            }
            while (reader.loadNextBatch()) {
                VectorSchemaRoot root = reader.getVectorSchemaRoot();
                java.util.BitSet nullParents = new java.util.BitSet();
                FieldVector vector = leaf(root.getVector(0), path, nullParents);
                UInt8Vector rowIds = (UInt8Vector) root.getVector(1);
                int rows = root.getRowCount();
                if (n + rows > ids.length) {
                    int capacity = Math.max(ids.length * 2, n + rows);
                    ids = Arrays.copyOf(ids, capacity);
                    if (longs != null) {
                        longs = Arrays.copyOf(longs, capacity);
                    }
                }
                for (int i = 0; i < rows; i++) {
                    if (longs == null) {
                        values.add(nullParents.get(i) ? null : IndexKeys.value(vector, i));
                    } else if (nullParents.get(i) || vector.isNull(i)) {
                        nulls.set(n + i);
                    } else {
                        longs[n + i] = ((org.apache.arrow.vector.BaseIntVector) vector).getValueAsLong(i);
                    }
                    ids[n + i] = rowIds.get(i);
                }
                n += rows;
            }
        }
        return new Column(longs == null ? values : null, longs, nulls, ids, n);
    }

    private void writeBTree(
            Storage storage,
            String dir,
            Field values,
            Column column,
            List<dev.plainlance.lance.pb.table.IndexFile> files)
            throws IOException {
        int[] order = column.order();
        Schema pageSchema = new Schema(
                List.of(values, new Field("ids", FieldType.notNullable(new ArrowType.Int(64, false)), null)));
        Schema lookupSchema = new Schema(
                List.of(
                        new Field("min", values.getFieldType(), null),
                        new Field("max", values.getFieldType(), null),
                        new Field("null_count", FieldType.notNullable(new ArrowType.Int(32, false)), null),
                        new Field("page_idx", FieldType.notNullable(new ArrowType.Int(32, false)), null)),
                Map.of("batch_size", String.valueOf(BTREE_BATCH_SIZE), "range_partitioned", "false"));
        BufferAllocator allocator = env.allocator();
        int pages = (order.length + BTREE_BATCH_SIZE - 1) / BTREE_BATCH_SIZE;
        try (VectorSchemaRoot page = VectorSchemaRoot.create(pageSchema, allocator);
                VectorSchemaRoot lookup = VectorSchemaRoot.create(lookupSchema, allocator)) {
            lookup.allocateNew();
            try (IndexFileWriter data = new IndexFileWriter(storage, dir + IndexLayout.BTREE_PAGES_FILE, pageSchema)) {
                for (int p = 0; p < pages; p++) {
                    int start = p * BTREE_BATCH_SIZE;
                    int end = Math.min(order.length, start + BTREE_BATCH_SIZE);
                    page.clear();
                    page.allocateNew();
                    UInt8Vector ids = (UInt8Vector) page.getVector(1);
                    long nulls = 0;
                    if (column.longs() != null && page.getVector(0) instanceof BaseIntVector ints) {
                        // integers go in unboxed, into a vector made large enough for the page first
                        while (page.getVector(0).getValueCapacity() < end - start) {
                            page.getVector(0).reAlloc();
                        }
                        for (int i = start; i < end; i++) {
                            int at = order[i];
                            if (column.nulls().get(at)) {
                                nulls++;
                                page.getVector(0).setNull(i - start);
                            } else {
                                ints.setWithPossibleTruncate(i - start, column.longs()[at]);
                            }
                            ids.setSafe(i - start, column.rowIds()[at]);
                        }
                    } else {
                        for (int i = start; i < end; i++) {
                            Object value = column.value(order[i]);
                            nulls += value == null ? 1 : 0;
                            IndexKeys.set(page.getVector(0), i - start, value);
                            ids.setSafe(i - start, column.rowIds()[order[i]]);
                        }
                    }
                    page.setRowCount(end - start);
                    data.write(page);
                    IndexKeys.set(lookup.getVector(0), p, column.value(order[start]));
                    IndexKeys.set(lookup.getVector(1), p, column.value(order[end - 1]));
                    ((UInt4Vector) lookup.getVector(2)).setSafe(p, (int) nulls);
                    ((UInt4Vector) lookup.getVector(3)).setSafe(p, p);
                }
                files.add(data.commit());
            }
            lookup.setRowCount(pages);
            try (IndexFileWriter file =
                    new IndexFileWriter(storage, dir + IndexLayout.BTREE_LOOKUP_FILE, lookupSchema)) {
                file.write(lookup);
                files.add(file.commit());
            }
        }
    }

    /**
     * A ZONEMAP segment as official 7.0.0 writes it: the live rows of each fragment, in address order, cut into
     * zones of {@link #rowsPerZone} rows; per zone the smallest and largest value (the largest is NaN when the zone
     * holds a NaN), the nulls and NaNs it holds, its fragment, and the offsets from its first row to its last.
     */
    private void writeZoneMap(
            Storage storage,
            String dir,
            Field arrow,
            Column column,
            List<dev.plainlance.lance.pb.table.IndexFile> files)
            throws IOException {
        Schema schema = new Schema(
                List.of(
                        new Field("min", FieldType.nullable(arrow.getType()), null),
                        new Field("max", FieldType.nullable(arrow.getType()), null),
                        new Field("null_count", FieldType.notNullable(new ArrowType.Int(32, false)), null),
                        new Field("nan_count", FieldType.notNullable(new ArrowType.Int(32, false)), null),
                        new Field("fragment_id", FieldType.notNullable(new ArrowType.Int(64, false)), null),
                        new Field("zone_start", FieldType.notNullable(new ArrowType.Int(64, false)), null),
                        new Field("zone_length", FieldType.notNullable(new ArrowType.Int(64, false)), null)),
                Map.of(IndexLayout.ROWS_PER_ZONE_KEY, String.valueOf(rowsPerZone)));
        try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, env.allocator());
                IndexFileWriter file = new IndexFileWriter(storage, dir + IndexLayout.ZONEMAP_FILE, schema)) {
            root.allocateNew();
            int zones = 0;
            int i = 0;
            while (i < column.size()) {
                long fragment = column.rowIds()[i] >>> 32;
                long first = column.rowIds()[i] & 0xFFFFFFFFL;
                long last = first;
                Object min = null;
                Object max = null;
                long nulls = 0;
                long nans = 0;
                int end = i;
                while (end < column.size() && end - i < rowsPerZone && column.rowIds()[end] >>> 32 == fragment) {
                    last = column.rowIds()[end] & 0xFFFFFFFFL;
                    Object value = column.value(end);
                    if (value == null) {
                        nulls++;
                    } else if (IndexKeys.isNaN(value)) {
                        nans++;
                    } else {
                        min = min == null || IndexKeys.compare(value, min) < 0 ? value : min;
                        max = max == null || IndexKeys.compare(value, max) > 0 ? value : max;
                    }
                    end++;
                }
                if (nans > 0) {
                    max = Double.NaN;
                    min = min == null ? Double.NaN : min;
                }
                IndexKeys.set(root.getVector(0), zones, min);
                IndexKeys.set(root.getVector(1), zones, max);
                ((UInt4Vector) root.getVector(2)).setSafe(zones, (int) nulls);
                ((UInt4Vector) root.getVector(3)).setSafe(zones, (int) nans);
                ((UInt8Vector) root.getVector(4)).setSafe(zones, fragment);
                ((UInt8Vector) root.getVector(5)).setSafe(zones, first);
                ((UInt8Vector) root.getVector(6)).setSafe(zones, last - first + 1);
                zones++;
                i = end;
            }
            root.setRowCount(zones);
            file.write(root);
            files.add(file.commit());
        }
    }

    private void writeBitmap(
            Storage storage, String dir, Field keys, Column column, List<dev.plainlance.lance.pb.table.IndexFile> files)
            throws IOException {
        TreeMap<Object, TreeMap<Long, RoaringBitmap>> byKey = new TreeMap<>(IndexKeys::compareNullsFirst);
        TreeMap<Long, RoaringBitmap> nulls = new TreeMap<>();
        for (int i = 0; i < column.size(); i++) {
            Object value = column.value(i);
            TreeMap<Long, RoaringBitmap> rows =
                    value == null ? nulls : byKey.computeIfAbsent(value, k -> new TreeMap<>());
            long id = column.rowIds()[i];
            rows.computeIfAbsent(id >>> 32, f -> new RoaringBitmap()).add((int) id);
        }
        int count = byKey.size() + (nulls.isEmpty() ? 0 : 1);
        Schema schema = new Schema(
                List.of(keys, new Field("bitmaps", FieldType.nullable(ArrowType.Binary.INSTANCE), null)),
                Map.of("lance:index_stats", "{\"num_bitmaps\":" + count + "}"));
        try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, env.allocator());
                IndexFileWriter file = new IndexFileWriter(storage, dir + IndexLayout.BITMAP_LOOKUP_FILE, schema)) {
            root.allocateNew();
            VarBinaryVector bitmaps = (VarBinaryVector) root.getVector(1);
            int row = 0;
            if (!nulls.isEmpty()) {
                IndexKeys.set(root.getVector(0), row, null);
                bitmaps.setSafe(row++, rowIdTreeMap(nulls));
            }
            for (Map.Entry<Object, TreeMap<Long, RoaringBitmap>> entry : byKey.entrySet()) {
                IndexKeys.set(root.getVector(0), row, entry.getKey());
                bitmaps.setSafe(row++, rowIdTreeMap(entry.getValue()));
            }
            root.setRowCount(row);
            file.write(root);
            files.add(file.commit());
        }
    }

    /** A {@code RowIdTreeMap} serialized as official 7.0.0 reads it. */
    static byte[] rowIdTreeMap(TreeMap<Long, RoaringBitmap> byFragment) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer header = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
        out.write(header.putInt(0, byFragment.size()).array());
        for (Map.Entry<Long, RoaringBitmap> entry : byFragment.entrySet()) {
            ByteArrayOutputStream bitmap = new ByteArrayOutputStream();
            entry.getValue().serialize(new DataOutputStream(bitmap));
            out.write(ByteBuffer.allocate(8)
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .putInt(entry.getKey().intValue())
                    .putInt(bitmap.size())
                    .array());
            bitmap.writeTo(out);
        }
        return out.toByteArray();
    }

    /** One index file being written; discarded unless committed. */
    private static final class IndexFileWriter implements AutoCloseable {
        private final Storage storage;
        private final String key;
        private final PendingObject pending;
        private final LanceFileWriter writer;

        IndexFileWriter(Storage storage, String key, Schema schema) throws IOException {
            this.storage = storage;
            this.key = key;
            this.pending = storage.create(key);
            this.writer = LanceFileWriter.create(
                    OutputSink.of(pending),
                    LanceSchema.fromArrow(schema),
                    LanceFileVersion.V2_1,
                    WriterOptions.defaults());
        }

        void write(VectorSchemaRoot batch) {
            try {
                writer.write(batch);
            } catch (java.io.UncheckedIOException e) {
                throw new LanceIOException("cannot write index file " + storage.describe(key), e.getCause());
            }
        }

        /** Publishes the file; returns its name and size for the index metadata. */
        dev.plainlance.lance.pb.table.IndexFile commit() throws IOException {
            try {
                long size = writer.finish().fileSizeBytes();
                pending.commit();
                return dev.plainlance.lance.pb.table.IndexFile.newBuilder()
                        .setPath(key.substring(key.lastIndexOf('/') + 1))
                        .setSizeBytes(size)
                        .build();
            } catch (java.io.UncheckedIOException e) {
                throw new LanceIOException("cannot write index file " + storage.describe(key), e.getCause());
            }
        }

        @Override
        public void close() throws IOException {
            pending.close();
        }
    }
}
