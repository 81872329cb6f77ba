package dev.plainlance.lance.index;

import dev.plainlance.lance.error.CorruptFileException;
import dev.plainlance.lance.table.FileBases;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseIntVector;
import org.roaringbitmap.RoaringBitmap;

/**
 * A loaded ZONEMAP segment, as official 7.0.0 writes it ({@code zonemap.lance}: per zone its {@code min}, {@code max}
 * (NaN when the zone holds one), {@code null_count}, {@code nan_count}, {@code fragment_id}, {@code zone_start} and
 * {@code zone_length}; {@code rows_per_zone} in the schema metadata). A zone covers {@code rows_per_zone} live rows
 * of one fragment in address order, from the first one's offset to the last one's. Its answers are inexact: every
 * row address of each zone that may hold a match, rechecked by the filter.
 */
public final class ZoneMapIndexReader implements ScalarIndexReader {
    /** One zone's statistics. */
    public record Zone(
            long fragmentId, long zoneStart, long zoneLength, Object min, Object max, long nullCount, long nanCount) {}

    private final long rowsPerZone;
    private final List<Zone> zones;

    private ZoneMapIndexReader(long rowsPerZone, List<Zone> zones) {
        this.rowsPerZone = rowsPerZone;
        this.zones = List.copyOf(zones);
    }

    static ZoneMapIndexReader load(FileBases.Located where, BufferAllocator allocator) throws IOException {
        List<Zone> zones = new ArrayList<>();
        try (IndexFile file = IndexFile.open(where)) {
            String size = file.metadata().get(IndexLayout.ROWS_PER_ZONE_KEY);
            long rowsPerZone;
            try {
                rowsPerZone = size == null ? IndexLayout.DEFAULT_ROWS_PER_ZONE : Long.parseLong(size);
            } catch (NumberFormatException e) {
                throw new CorruptFileException(file.describe(), "rows_per_zone " + size + " is not a number", e);
            }
            List<Integer> columns = List.of(
                    file.column("min"),
                    file.column("max"),
                    file.column("null_count"),
                    file.column("nan_count"),
                    file.column("fragment_id"),
                    file.column("zone_start"),
                    file.column("zone_length"));
            file.read(allocator, columns, 0, file.numRows(), (batch, first) -> {
                for (int i = 0; i < batch.getRowCount(); i++) {
                    zones.add(new Zone(
                            count(batch.getVector(4), i),
                            count(batch.getVector(5), i),
                            count(batch.getVector(6), i),
                            IndexKeys.value(batch.getVector(0), i),
                            IndexKeys.value(batch.getVector(1), i),
                            count(batch.getVector(2), i),
                            count(batch.getVector(3), i)));
                }
            });
            for (Zone zone : zones) {
                if (zone.zoneStart() < 0 || zone.zoneLength() < 0 || zone.zoneStart() + zone.zoneLength() > 1L << 32) {
                    throw new CorruptFileException(
                            file.describe(),
                            "holds a zone of rows " + zone.zoneStart() + " to " + (zone.zoneStart() + zone.zoneLength())
                                    + ", outside any fragment");
                }
            }
            return new ZoneMapIndexReader(rowsPerZone, zones);
        }
    }

    private static long count(org.apache.arrow.vector.FieldVector vector, int row) {
        return ((BaseIntVector) vector).getValueAsLong(row);
    }

    public long rowsPerZone() {
        return rowsPerZone;
    }

    public List<Zone> zones() {
        return zones;
    }

    @Override
    public RowIds search(ScalarQuery query, RoaringBitmap fullFragments, BufferAllocator allocator) {
        RowIds out = new RowIds();
        boolean nulls = query instanceof ScalarQuery.IsNull;
        for (Zone zone : zones) {
            boolean may = nulls
                    ? zone.nullCount() > 0
                    : zone.nanCount() > 0 || (zone.max() != null && query.mayMatch(zone.min(), zone.max()));
            if (may && zone.zoneLength() > 0) {
                RoaringBitmap rows = new RoaringBitmap();
                rows.add(zone.zoneStart(), zone.zoneStart() + zone.zoneLength());
                out.addAll(zone.fragmentId(), rows);
            }
        }
        return out;
    }

    @Override
    public boolean returnsRowAddresses() {
        return true;
    }

    @Override
    public long estimatedBytes() {
        long bytes = 64;
        for (Zone zone : zones) {
            bytes += 96 + IndexKeys.estimatedBytes(zone.min()) + IndexKeys.estimatedBytes(zone.max());
        }
        return bytes;
    }

    @Override
    public Map<String, Object> statistics() {
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("num_zones", (long) zones.size());
        stats.put("rows_per_zone", rowsPerZone);
        return stats;
    }
}
