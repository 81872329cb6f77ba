package dev.plainlance.cli;

import static dev.plainlance.cli.DatasetCommandsTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.cli.DatasetCommandsTest.Result;
import dev.plainlance.lance.Dataset;
import dev.plainlance.lance.WriteParams;
import dev.plainlance.lance.arrow.ArrowReaders;
import java.nio.file.Path;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dataset cat --nearest}: the nearest rows with their distance, and one-line errors for bad queries. */
class DatasetNearestCommandTest {
    /** Rows 0-9 with {@code vec = (id, 2 id)}. */
    private static String write(Path dir) throws Exception {
        Schema schema = new Schema(List.of(
                new Field("id", FieldType.notNullable(new ArrowType.Int(64, true)), null),
                new Field(
                        "vec",
                        FieldType.nullable(new ArrowType.FixedSizeList(2)),
                        List.of(new Field(
                                "item",
                                FieldType.nullable(new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE)),
                                null)))));
        String uri = dir.resolve("vectors.lance").toString();
        try (BufferAllocator allocator = new RootAllocator();
                VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
            FixedSizeListVector vec = (FixedSizeListVector) root.getVector("vec");
            Float4Vector items = (Float4Vector) vec.getDataVector();
            for (int i = 0; i < 10; i++) {
                ((BigIntVector) root.getVector("id")).setSafe(i, i);
                vec.setNotNull(i);
                items.setSafe(2 * i, i);
                items.setSafe(2 * i + 1, 2 * i);
            }
            items.setValueCount(20);
            root.setRowCount(10);
            try (ArrowReader reader = ArrowReaders.of(schema, List.of(root), allocator)) {
                Dataset.create(allocator, reader, uri, new WriteParams.Builder().build())
                        .close();
            }
        }
        return uri;
    }

    @Test
    void printsTheNearestRowsWithTheirDistance(@TempDir Path dir) throws Exception {
        String uri = write(dir);
        Result r = run("dataset", "cat", uri, "--columns", "id", "--nearest", "vec=[3, 6.5]", "--k", "3");
        assertEquals(0, r.code(), r.err());
        assertEquals(
                "{\"id\":3,\"_distance\":0.25}\n{\"id\":4,\"_distance\":3.25}\n{\"id\":2,\"_distance\":7.25}\n",
                r.out().replace("\r\n", "\n"));
        Result filtered = run(
                "dataset",
                "cat",
                uri,
                "--columns",
                "id",
                "--nearest",
                "vec=3,6.5",
                "--k",
                "2",
                "--filter",
                "id > 3",
                "--prefilter",
                "--distance",
                "L2");
        assertEquals(0, filtered.code(), filtered.err());
        assertEquals(
                "{\"id\":4,\"_distance\":3.25}\n{\"id\":5,\"_distance\":16.25}\n",
                filtered.out().replace("\r\n", "\n"));
    }

    @Test
    void badQueriesGetOneLineErrors(@TempDir Path dir) throws Exception {
        String uri = write(dir);
        for (List<String> args : List.of(
                List.of("--nearest", "vec=1,x", "'x' is not a number"),
                List.of("--nearest", "vec", "expected COL=X,Y"),
                List.of("--nearest", "vec=1,2,3", "the key has 3"),
                List.of("--nearest", "id=1", "not fixed-size lists"),
                List.of("--nearest", "vec=1,2", "--distance", "manhattan", "expected l2, cosine, dot or hamming"),
                List.of("--nearest", "vec=1,2", "--k", "0", "--k must be positive"),
                List.of("--prefilter", "go with --nearest"),
                List.of("--k", "3", "--k, --distance and --prefilter go with --nearest"))) {
            String expected = args.get(args.size() - 1);
            List<String> command = new java.util.ArrayList<>(List.of("dataset", "cat", uri));
            command.addAll(args.subList(0, args.size() - 1));
            Result r = run(command.toArray(String[]::new));
            assertEquals(1, r.code(), args + ": " + r.out() + r.err());
            assertTrue(r.err().contains(expected), args + ": " + r.err());
            assertEquals(1, r.err().strip().lines().count(), args + ": " + r.err());
        }
    }
}
