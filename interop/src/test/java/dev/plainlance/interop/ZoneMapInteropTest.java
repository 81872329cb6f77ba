package dev.plainlance.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.lance.arrow.ArrowReaders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.arrow.c.ArrowArrayStream;
import org.apache.arrow.c.Data;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ZONEMAP indices: on twin datasets (two fragments with deletions; an integer, a float column with nulls and NaNs,
 * a string column with nulls), the official library builds zone maps on one and plainlance on the other, with 300
 * rows per zone; both libraries list the same zones from both, answer filtered scans alike on both, and read only
 * the zones that may match (the official scan statistics show it uses plainlance's zone map as its own).
 */
class ZoneMapInteropTest {
    private static final Schema SCHEMA = new Schema(List.of(
            Field.notNullable("id", new ArrowType.Int(64, true)),
            Field.nullable("x", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)),
            Field.nullable("s", ArrowType.Utf8.INSTANCE)));
    private static final List<String> COLUMNS = List.of("id", "x", "s");
    private static final List<String> FILTERS =
            List.of("id >= 1200 AND id < 1210", "x > 40", "x IS NULL", "s = 's17'", "id IN (3, 1500, 1998)");

    private static void write(String uri, BufferAllocator allocator) throws Exception {
        for (int f = 0; f < 2; f++) {
            try (VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator)) {
                for (int i = 0; i < 1000; i++) {
                    ((BigIntVector) root.getVector(0)).setSafe(i, f * 1000L + i);
                    Float8Vector x = (Float8Vector) root.getVector(1);
                    if (i % 7 == 0) {
                        x.setNull(i);
                    } else if (i % 11 == 0) {
                        x.setSafe(i, Double.NaN);
                    } else {
                        x.setSafe(i, (i * 37 % 101) - 50.5 + f);
                    }
                    VarCharVector s = (VarCharVector) root.getVector(2);
                    if (i % 5 == 0) {
                        s.setNull(i);
                    } else {
                        s.setSafe(i, ("s" + (i * 13 % 97)).getBytes());
                    }
                }
                root.setRowCount(1000);
                try (ArrowReader reader = ArrowReaders.of(SCHEMA, List.of(root), allocator);
                        ArrowArrayStream stream = ArrowArrayStream.allocateNew(allocator)) {
                    Data.exportArrayStream(allocator, reader, stream);
                    org.lance.Dataset.create(
                                    allocator,
                                    stream,
                                    uri,
                                    new org.lance.WriteParams.Builder()
                                            .withMode(org.lance.WriteParams.WriteMode.APPEND)
                                            .build())
                            .close();
                }
            }
        }
        try (org.lance.Dataset ds = org.lance.Dataset.open(uri, allocator)) {
            ds.delete("id >= 100 AND id < 150");
            ds.delete("id = 1999");
        }
    }

    private static void copy(Path from, Path to) throws Exception {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    private static List<String> officialZones(String uri, String column, BufferAllocator allocator) {
        try (org.lance.Dataset ds = org.lance.Dataset.open(uri, allocator)) {
            return ds.getZonemapStats(column).stream().map(Object::toString).toList();
        }
    }

    private static List<String> ourZones(String uri, String column, BufferAllocator allocator) {
        try (dev.plainlance.lance.Dataset ds = dev.plainlance.lance.Dataset.open(uri, allocator)) {
            return ds.getZonemapStats(column).stream().map(Object::toString).toList();
        }
    }

    /** The rows of a filtered scan and the rows it read. */
    private record Scanned(List<String> rows, long rowsScanned) {}

    private static Scanned official(String uri, String filter, BufferAllocator allocator) throws Exception {
        try (org.lance.Dataset ds = org.lance.Dataset.open(uri, allocator);
                org.lance.ipc.LanceScanner scanner = ds.newScan(new org.lance.ipc.ScanOptions.Builder()
                        .filter(filter)
                        .collectStats(true)
                        .build())) {
            List<String> rows = lines(scanner.scanBatches());
            return new Scanned(
                    rows, scanner.getStats().orElseThrow().getAllCounts().get("rows_scanned"));
        }
    }

    private static Scanned ours(String uri, String filter, BufferAllocator allocator) throws Exception {
        try (dev.plainlance.lance.Dataset ds = dev.plainlance.lance.Dataset.open(uri, allocator);
                dev.plainlance.lance.ipc.LanceScanner scanner =
                        ds.newScan(new dev.plainlance.lance.ipc.ScanOptions.Builder()
                                .filter(filter)
                                .collectStats(true)
                                .build())) {
            List<String> rows = lines(scanner.scanBatches());
            return new Scanned(
                    rows, scanner.getStats().orElseThrow().getAllCounts().get("rows_scanned"));
        }
    }

    /** The rows of {@code reader}, which {@link RowDump#read} closes. */
    private static List<String> lines(ArrowReader reader) throws Exception {
        RowDump.Rows rows = RowDump.read(reader);
        List<String> out = new ArrayList<>();
        for (int r = 0; r < rows.size(); r++) {
            out.add(rows.line(r));
        }
        return out;
    }

    @Test
    void bothLibrariesBuildReadAndUseTheSameZones(@TempDir Path dir) throws Exception {
        try (BufferAllocator allocator = new RootAllocator()) {
            String theirs = dir.resolve("official").toString();
            write(theirs, allocator);
            copy(dir.resolve("official"), dir.resolve("plainlance"));
            String ours = dir.resolve("plainlance").toString();
            try (org.lance.Dataset ds = org.lance.Dataset.open(theirs, allocator)) {
                for (String column : COLUMNS) {
                    ds.createIndex(
                            List.of(column),
                            org.lance.index.IndexType.ZONEMAP,
                            Optional.of(column + "_zm"),
                            org.lance.index.IndexParams.builder()
                                    .setScalarIndexParams(org.lance.index.scalar.ZoneMapIndexParams.builder()
                                            .rowsPerZone(300)
                                            .build())
                                    .build(),
                            true);
                }
            }
            try (dev.plainlance.lance.Dataset ds = dev.plainlance.lance.Dataset.open(ours, allocator)) {
                for (String column : COLUMNS) {
                    ds.createIndex(
                            List.of(column),
                            dev.plainlance.lance.index.IndexType.ZONEMAP,
                            Optional.of(column + "_zm"),
                            dev.plainlance.lance.index.IndexParams.json("{\"rows_per_zone\": 300}"),
                            true);
                }
            }
            for (String column : COLUMNS) {
                List<String> expected = officialZones(theirs, column, allocator);
                assertEquals(8, expected.size(), column + ": zones of 300 live rows in each fragment");
                assertEquals(expected, officialZones(ours, column, allocator), column + ": official reads ours");
                assertEquals(expected, ourZones(theirs, column, allocator), column + ": ours reads official's");
                assertEquals(expected, ourZones(ours, column, allocator), column + ": ours");
            }
            for (String filter : FILTERS) {
                Scanned reference = official(theirs, filter, allocator);
                Scanned officialOnOurs = official(ours, filter, allocator);
                Scanned oursOnTheirs = ours(theirs, filter, allocator);
                Scanned oursOnOurs = ours(ours, filter, allocator);
                assertEquals(reference.rows(), officialOnOurs.rows(), filter);
                assertEquals(reference.rows(), oursOnTheirs.rows(), filter);
                assertEquals(reference.rows(), oursOnOurs.rows(), filter);
                assertEquals(
                        reference.rowsScanned(),
                        officialOnOurs.rowsScanned(),
                        filter + ": the official scan prunes with plainlance's zones as with its own");
                assertEquals(oursOnTheirs.rowsScanned(), oursOnOurs.rowsScanned(), filter);
            }
            Scanned narrow = ours(ours, FILTERS.get(0), allocator);
            assertTrue(
                    narrow.rowsScanned() < 1000,
                    "the rows around one zone are read, not " + narrow.rowsScanned() + " of the 2000");
        }
    }
}
