package dev.plainlance.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.plainlance.cli.Main;
import dev.plainlance.jsonl.CanonicalJsonLines;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lance.WriteParams;

/**
 * {@code plainlance dataset cat} run through {@link Main#run} on datasets written by the official library: its
 * output must be, line for line, the official scanner's rows printed with {@link CanonicalJsonLines} (keys: the
 * selected columns in order, then {@code _rowid}, then {@code _rowaddr}).
 */
class CatRowsInteropTest {
    private static BufferAllocator allocator;

    @BeforeAll
    static void openAllocator() {
        allocator = new RootAllocator();
    }

    @AfterAll
    static void closeAllocator() {
        allocator.close();
    }

    /** The official rows of one scan as canonical JSON lines, columns in {@code order} (null: scan order). */
    static List<String> officialLines(org.lance.Dataset official, org.lance.ipc.ScanOptions options, List<String> order)
            throws Exception {
        List<String> lines = new ArrayList<>();
        try (ArrowReader reader = official.newScan(options).scanBatches()) {
            CanonicalJsonLines json = new CanonicalJsonLines(reader);
            StringBuilder sb = new StringBuilder();
            while (reader.loadNextBatch()) {
                VectorSchemaRoot root = reader.getVectorSchemaRoot();
                List<FieldVector> vectors = order == null
                        ? root.getFieldVectors()
                        : order.stream().map(root::getVector).toList();
                for (int r = 0; r < root.getRowCount(); r++) {
                    sb.setLength(0);
                    json.appendRow(vectors, r, sb);
                    lines.add(sb.toString());
                }
            }
        }
        return lines;
    }

    static List<String> cat(String what, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code;
        try (PrintWriter o = new PrintWriter(out);
                PrintWriter e = new PrintWriter(err)) {
            code = Main.run(args, o, e);
        }
        if (code != 0) {
            StringWriter verbose = new StringWriter();
            List<String> again = new ArrayList<>(Arrays.asList(args));
            again.add("--verbose");
            try (PrintWriter o = new PrintWriter(new StringWriter());
                    PrintWriter e = new PrintWriter(verbose)) {
                Main.run(again.toArray(String[]::new), o, e);
            }
            String trace = String.join(
                    "\n      ",
                    Arrays.asList(verbose.toString().split("\n"))
                            .subList(0, Math.min(12, verbose.toString().split("\n").length)));
            fail(what + ": " + String.join(" ", args) + " failed with exit code " + code + ", stderr: "
                    + err.toString().strip() + "\n    with --verbose: " + trace);
        }
        String text = out.toString();
        return text.isEmpty()
                ? List.of()
                : Arrays.asList(text.split("\n", -1))
                        .subList(0, (int) text.chars().filter(c -> c == '\n').count());
    }

    private static void assertSameLines(String what, List<String> expected, List<String> actual) {
        List<String> problems = new ArrayList<>();
        if (expected.size() != actual.size()) {
            problems.add("line count: expected " + expected.size() + " actual " + actual.size());
        }
        int shown = 0;
        int differing = 0;
        for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
            String e = expected.get(i);
            String a = actual.get(i);
            if (!e.equals(a)) {
                differing++;
                if (shown++ < 3) {
                    int at = 0;
                    while (at < Math.min(e.length(), a.length()) && e.charAt(at) == a.charAt(at)) {
                        at++;
                    }
                    int from = Math.max(0, at - 80);
                    problems.add("line " + i + " first differs at char " + at + ": expected …"
                            + e.substring(from, Math.min(e.length(), at + 120)) + "… actual …"
                            + a.substring(Math.min(from, a.length()), Math.min(a.length(), at + 120)) + "…");
                }
            }
        }
        if (differing > 0) {
            problems.add(differing + " line(s) differ");
        }
        if (!problems.isEmpty()) {
            fail(what + ": 'plainlance dataset cat' differs from the official rows:\n  "
                    + String.join("\n  ", problems));
        }
    }

    /**
     * Datasets: "rich" = {@link RichData#richSchema()} (dictionary column included), 2,000 rows in two files plus an
     * append of 500, then {@code id % 6 = 2} deleted; "rich-without-dict" the same without the dictionary column;
     * "enc" = {@link EncodingData#encodingSchema()}, the same rows and
     * deletions. Checked: the full cat, {@code --with-row-id --columns --limit}, and {@code --version 1}.
     */
    @ParameterizedTest(name = "{0} in file version {1}")
    @CsvSource({"rich, 2.2", "rich, 2.0", "rich-without-dict, 2.1", "enc, 2.1", "enc, 2.0"})
    void catPrintsTheOfficialRows(String data, String fileVersion, @TempDir Path dir) throws Exception {
        OfficialWriter w = new OfficialWriter(
                allocator,
                dir,
                OfficialWriter.Options.defaults()
                        .withDataStorageVersion(fileVersion)
                        .withMaxRowsPerFile(1_500));
        Schema schema;
        if (data.startsWith("rich")) {
            schema = data.equals("rich") ? RichData.richSchema() : RichTypesInteropTest.richWithoutDictionary();
            w.create(schema, 0, 2_000);
            w.append(schema, 2_000, 500);
        } else {
            schema = EncodingData.encodingSchema();
            w.write(WriteParams.WriteMode.CREATE, EncodingData.reader(allocator, schema, 0, 2_000, 1_000));
            w.write(WriteParams.WriteMode.APPEND, EncodingData.reader(allocator, schema, 2_000, 500, 500));
        }
        w.delete("id % 6 = 2");
        String what = data + " in file version " + fileVersion;

        try (org.lance.Dataset official = w.open()) {
            assertSameLines(
                    what + ", cat",
                    officialLines(official, new org.lance.ipc.ScanOptions.Builder().build(), null),
                    cat(what, "dataset", "cat", w.uri()));
            List<String> projected =
                    List.of("st", "id", data.equals("rich") ? "dict" : data.equals("enc") ? "lowcard" : "lst");
            List<String> withIds = new ArrayList<>(projected);
            withIds.add("_rowid");
            withIds.add("_rowaddr");
            assertSameLines(
                    what + ", cat --with-row-id --columns " + projected + " --limit 777",
                    officialLines(
                            official,
                            new org.lance.ipc.ScanOptions.Builder()
                                    .columns(projected)
                                    .withRowId(true)
                                    .withRowAddress(true)
                                    .limit(777)
                                    .build(),
                            withIds),
                    cat(
                            what,
                            "dataset",
                            "cat",
                            w.uri(),
                            "--with-row-id",
                            "--columns",
                            String.join(",", projected),
                            "--limit",
                            "777"));
            assertEquals(2_500 - 417, official.countRows(), "official row count");
        }
        try (org.lance.Dataset v1 = w.open(1)) {
            assertSameLines(
                    what + ", cat --version 1",
                    officialLines(v1, new org.lance.ipc.ScanOptions.Builder().build(), null),
                    cat(what, "dataset", "cat", w.uri(), "--version", "1"));
        }
    }
}
