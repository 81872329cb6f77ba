package dev.plainlance.lance.index;

import dev.plainlance.lance.error.NotFoundException;
import dev.plainlance.lance.pb.table.DataFragment;
import dev.plainlance.lance.pb.table.IndexMetadata;
import dev.plainlance.lance.schema.LanceField;
import dev.plainlance.lance.table.TableSnapshot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.roaringbitmap.RoaringBitmap;

/** The indices of one table version, grouped by name in manifest order, as the {@code Dataset} API shows them. */
public final class IndexCatalog {
    private final TableSnapshot table;

    public IndexCatalog(TableSnapshot table) {
        this.table = table;
    }

    /** The index names, each once, in the order their first segment appears. */
    public List<String> names() {
        return List.copyOf(byName().keySet());
    }

    public List<Index> segments() {
        return table.indices().stream().map(IndexMetadatas::toIndex).toList();
    }

    /** The segments named {@code name}; {@link NotFoundException} when there are none. */
    public List<IndexMetadata> segments(String name) {
        List<IndexMetadata> segments = byName().get(name);
        if (segments == null) {
            throw new NotFoundException(
                    "index " + name + " is not in version " + table.version() + " of " + table.name());
        }
        return segments;
    }

    /** One description per index name matching {@code criteria}. */
    public List<IndexDescription> describe(IndexCriteria criteria) {
        List<IndexDescription> out = new ArrayList<>();
        for (Map.Entry<String, List<IndexMetadata>> entry : byName().entrySet()) {
            IndexMetadata first = entry.getValue().get(0);
            IndexType type = IndexMetadatas.type(first);
            if (criteria.getHasName().isPresent()
                    && !criteria.getHasName().get().equals(entry.getKey())) {
                continue;
            }
            if (criteria.getForColumn().isPresent()
                    && !(first.getFieldsCount() == 1
                            && columnName(first.getFields(0)).equals(criteria.getForColumn()))) {
                continue;
            }
            if (criteria.mustSupportExactEquality() && type != IndexType.BTREE && type != IndexType.BITMAP) {
                continue;
            }
            if (criteria.mustSupportFts() && type != IndexType.INVERTED) {
                continue;
            }
            out.add(new IndexDescription(
                    entry.getKey(),
                    first.getFieldsList(),
                    first.hasIndexDetails() ? first.getIndexDetails().getTypeUrl() : "",
                    type.displayName(),
                    indexedRows(entry.getValue()),
                    entry.getValue().stream().map(IndexMetadatas::toIndex).toList(),
                    "{}"));
        }
        return out;
    }

    /** The column an indexed field is, by its dotted path from the top level. */
    public Optional<String> columnName(int fieldId) {
        for (LanceField field : table.schema().allFieldsPreOrder()) {
            if (field.id() == fieldId) {
                return Optional.of(path(field));
            }
        }
        return Optional.empty();
    }

    private String path(LanceField field) {
        if (field.parentId() < 0) {
            return field.name();
        }
        return table.schema().fieldById(field.parentId()).map(this::path).orElse("?") + "." + field.name();
    }

    /** The statistics of index {@code name}; see {@code Dataset.getIndexStatistics}. */
    public Map<String, Object> statistics(String name, dev.plainlance.lance.env.Env env) throws java.io.IOException {
        List<IndexMetadata> segments = segments(name);
        List<Map<String, Object>> perSegment = new ArrayList<>();
        List<Long> rowsPerDelta = new ArrayList<>();
        RoaringBitmap indexedFragments = new RoaringBitmap();
        for (IndexMetadata segment : segments) {
            perSegment.add(
                    ScalarIndexes.readable(segment)
                            ? ScalarIndexes.open(table.bases(), segment, env.allocator(), env.caches())
                                    .statistics()
                            : Map.of());
            rowsPerDelta.add(indexedRows(List.of(segment)));
            RoaringBitmap covered = covered(List.of(segment));
            table.fragments().stream()
                    .filter(f -> covered.contains((int) f.getId()))
                    .forEach(f -> indexedFragments.add((int) f.getId()));
        }
        long indexedRows = rowsPerDelta.stream().mapToLong(Long::longValue).sum();
        long totalRows =
                table.fragments().stream().mapToLong(IndexCatalog::liveRows).sum();
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("index_type", IndexMetadatas.type(segments.get(0)).displayName());
        stats.put("name", name);
        stats.put("num_indices", (long) segments.size());
        stats.put("num_segments", (long) segments.size());
        stats.put("indices", perSegment);
        stats.put("segments", perSegment);
        stats.put("num_indexed_fragments", (long) indexedFragments.getCardinality());
        stats.put("num_indexed_rows", indexedRows);
        stats.put("num_unindexed_fragments", (long) (table.fragments().size() - indexedFragments.getCardinality()));
        stats.put("num_unindexed_rows", totalRows - indexedRows);
        stats.put("num_indexed_rows_per_delta", rowsPerDelta);
        stats.put(
                "updated_at_timestamp_ms",
                segments.stream()
                        .filter(IndexMetadata::hasCreatedAt)
                        .mapToLong(IndexMetadata::getCreatedAt)
                        .boxed()
                        .max(Long::compare)
                        .orElse(null));
        return stats;
    }

    /** Live rows in the existing fragments the segments cover. */
    public long indexedRows(List<IndexMetadata> segments) {
        RoaringBitmap covered = covered(segments);
        long rows = 0;
        for (DataFragment fragment : table.fragments()) {
            if (covered.contains((int) fragment.getId())) {
                rows += liveRows(fragment);
            }
        }
        return rows;
    }

    /** The union of the segments' fragment bitmaps (unknown bitmaps count as nothing). */
    public static RoaringBitmap covered(List<IndexMetadata> segments) {
        RoaringBitmap covered = new RoaringBitmap();
        segments.forEach(s -> IndexMetadatas.fragmentBitmap(s).ifPresent(covered::or));
        return covered;
    }

    static long liveRows(DataFragment fragment) {
        return fragment.getPhysicalRows()
                - (fragment.hasDeletionFile() ? fragment.getDeletionFile().getNumDeletedRows() : 0);
    }

    private Map<String, List<IndexMetadata>> byName() {
        Map<String, List<IndexMetadata>> byName = new LinkedHashMap<>();
        for (IndexMetadata index : table.indices()) {
            byName.computeIfAbsent(index.getName(), n -> new ArrayList<>()).add(index);
        }
        return byName;
    }
}
