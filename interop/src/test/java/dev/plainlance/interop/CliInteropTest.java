package dev.plainlance.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plainlance.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The {@code plainlance dataset info --json} and {@code dataset versions --json} commands, run through
 * {@link Main#run} on datasets written by the official library: every fact they print must equal what the official
 * library reports.
 */
class CliInteropTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static BufferAllocator allocator;

    @BeforeAll
    static void openAllocator() {
        allocator = new RootAllocator();
    }

    @AfterAll
    static void closeAllocator() {
        allocator.close();
    }

    record Run(int exitCode, String out, String err) {}

    static Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code;
        try (PrintWriter o = new PrintWriter(out);
                PrintWriter e = new PrintWriter(err)) {
            code = Main.run(args, o, e);
        }
        return new Run(code, out.toString(), err.toString());
    }

    static JsonNode json(String... args) throws IOException {
        Run run = cli(args);
        assertEquals(0, run.exitCode(), () -> String.join(" ", args) + " failed: " + run.err());
        return JSON.readTree(run.out());
    }

    @ParameterizedTest(name = "v2ManifestPaths={0}, storage {1}")
    @CsvSource({"false, 2.0", "true, 2.1", "true, 2.2"})
    void infoAndVersionsReportWhatTheOfficialLibraryReports(boolean v2Names, String storage, @TempDir Path dir)
            throws IOException {
        OfficialWriter w = new OfficialWriter(
                allocator,
                dir,
                OfficialWriter.Options.defaults()
                        .withV2ManifestPaths(v2Names)
                        .withDataStorageVersion(storage)
                        .withMaxRowsPerFile(15));
        Schema schema = RichTypesInteropTest.richWithoutDictionary();
        w.create(schema, 0, 20);
        w.append(schema, 20, 10);
        w.delete("id % 3 = 0");
        w.tag("first", 1);
        w.tag("deleted", 3);
        w.updateConfig(Map.of("cli.test", "on"));

        try (org.lance.Dataset official = w.open()) {
            checkInfo(json("dataset", "info", w.uri(), "--json"), official, w.path(), v2Names);
            checkInfo(json("dataset", "info", w.path().toUri().toString(), "--json"), official, w.path(), v2Names);
            for (org.lance.Version v : official.listVersions()) {
                try (org.lance.Dataset old = official.checkoutVersion(v.getId())) {
                    checkInfo(
                            json("dataset", "info", w.uri(), "--version", Long.toString(v.getId()), "--json"),
                            old,
                            w.path(),
                            v2Names);
                }
            }
            for (org.lance.Tag tag : official.tags().list()) {
                try (org.lance.Dataset tagged = official.checkoutTag(tag.getName())) {
                    checkInfo(
                            json("dataset", "info", w.uri(), "--tag", tag.getName(), "--json"),
                            tagged,
                            w.path(),
                            v2Names);
                }
            }
            checkVersions(json("dataset", "versions", w.uri(), "--json"), official.listVersions());
        }
    }

    @Test
    void aVersionThatDoesNotExistFailsLikeTheOfficialLibrary(@TempDir Path dir) {
        OfficialWriter w = new OfficialWriter(allocator, dir);
        w.create(RichData.simpleSchema(), 0, 3);
        assertThrows(RuntimeException.class, () -> w.open(9).close());
        Run run = cli("dataset", "info", w.uri(), "--version", "9", "--json");
        assertNotEquals(0, run.exitCode(), run.out());
        assertTrue(run.out().isBlank(), run.out());
        assertTrue(!run.err().isBlank(), "an error message on stderr");
    }

    private static void checkInfo(JsonNode info, org.lance.Dataset official, Path root, boolean v2Names) {
        String at = "info of v" + official.version() + ": ";
        assertEquals(official.version(), info.get("version").asLong(), at + "version");
        assertEquals(official.latestVersion(), info.get("latest_version").asLong(), at + "latest_version");
        assertEquals(
                official.getVersion().getDataTime().toInstant().toString(),
                info.get("timestamp").asText(),
                at + "timestamp");
        assertEquals(
                official.getLanceFileFormatVersion(),
                info.get("data_storage_version").asText(),
                at + "data_storage_version");
        assertEquals(v2Names ? "V2" : "V1", info.get("manifest_naming").asText(), at + "manifest_naming");
        assertEquals(official.hasStableRowIds(), info.get("stable_row_ids").asBoolean(), at + "stable_row_ids");
        assertEquals(official.countRows(), info.get("rows").asLong(), at + "rows");

        List<String> schema = new ArrayList<>();
        for (JsonNode f : info.get("schema")) {
            schema.add(f.get("id").asInt() + "|" + f.get("parent_id").asInt() + "|"
                    + f.get("name").asText() + "|" + f.get("type").asText() + "|"
                    + f.get("nullable").asBoolean());
        }
        assertEquals(Compare.flatten(official.getLanceSchema()), schema, at + "schema");

        List<org.lance.FragmentMetadata> fragments = official.getFragments().stream()
                .map(org.lance.Fragment::metadata)
                .toList();
        JsonNode jf = info.get("fragments");
        assertEquals(fragments.size(), jf.size(), at + "number of fragments");
        for (int i = 0; i < fragments.size(); i++) {
            org.lance.FragmentMetadata o = fragments.get(i);
            JsonNode p = jf.get(i);
            String f = at + "fragment " + o.getId() + " ";
            assertEquals(o.getId(), p.get("id").asInt(), f + "id");
            assertEquals(o.getPhysicalRows(), p.get("physical_rows").asLong(), f + "physical_rows");
            assertEquals(o.getNumDeletions(), p.get("deleted_rows").asLong(), f + "deleted_rows");
            assertEquals(o.getNumRows(), p.get("rows").asLong(), f + "rows");
            assertEquals(o.getFiles().size(), p.get("files").size(), f + "files");
            for (int j = 0; j < o.getFiles().size(); j++) {
                org.lance.fragment.DataFile of = o.getFiles().get(j);
                JsonNode pf = p.get("files").get(j);
                assertEquals(of.getPath(), pf.get("path").asText(), f + "path");
                assertEquals(Arrays.toString(of.getFields()), ints(pf.get("fields")), f + "fields");
                assertEquals(
                        Arrays.toString(of.getColumnIndices()), ints(pf.get("column_indices")), f + "column_indices");
                String version = of.getFileMajorVersion() == 0 && of.getFileMinorVersion() == 3
                        ? "2.0"
                        : of.getFileMajorVersion() + "." + of.getFileMinorVersion();
                assertEquals(version, pf.get("format_version").asText(), f + "format_version");
                assertEquals(
                        official.getLanceFileFormatVersion(),
                        pf.get("format_version").asText(),
                        f + "format_version vs dataset");
                assertEquals(
                        of.getFileSizeBytes().longValue(), pf.get("size_bytes").asLong(), f + "size_bytes");
                assertTrue(
                        Files.isRegularFile(
                                root.resolve("data").resolve(pf.get("path").asText())),
                        f + "on disk");
            }
            org.lance.fragment.DeletionFile od = o.getDeletionFile();
            JsonNode pd = p.get("deletion_file");
            assertEquals(od != null, pd != null && !pd.isNull(), f + "deletion_file present");
            if (od != null) {
                assertEquals(od.getFileType().name(), pd.get("type").asText(), f + "deletion type");
                assertEquals(od.getReadVersion(), pd.get("read_version").asLong(), f + "deletion read_version");
                assertEquals(
                        od.getNumDeletedRows().longValue(),
                        pd.get("num_deleted_rows").asLong(),
                        f + "num_deleted_rows");
                String expectedPath = "_deletions/" + o.getId() + "-" + od.getReadVersion() + "-"
                        + Long.toUnsignedString(od.getId())
                        + (od.getFileType().name().equals("BITMAP") ? ".bin" : ".arrow");
                assertEquals(expectedPath, pd.get("path").asText(), f + "deletion path");
                assertTrue(Files.isRegularFile(root.resolve(expectedPath)), f + "deletion file on disk");
            }
        }

        Map<String, Long> tags = new TreeMap<>();
        official.tags().list().forEach(t -> tags.put(t.getName(), t.getVersion()));
        Map<String, Long> cliTags = new TreeMap<>();
        info.get("tags")
                .forEach(t ->
                        cliTags.put(t.get("name").asText(), t.get("version").asLong()));
        assertEquals(tags, cliTags, at + "tags");

        Map<String, String> config = new TreeMap<>();
        info.get("config")
                .fields()
                .forEachRemaining(e -> config.put(e.getKey(), e.getValue().asText()));
        assertEquals(new TreeMap<>(official.getConfig()), config, at + "config");

        java.util.Optional<org.lance.Transaction> txn = official.readTransaction();
        try {
            JsonNode t = info.get("transaction");
            assertEquals(txn.isPresent(), t != null && !t.isNull(), at + "transaction present");
            if (txn.isPresent()) {
                assertEquals(txn.get().uuid(), t.get("uuid").asText(), at + "transaction uuid");
                assertEquals(txn.get().readVersion(), t.get("read_version").asLong(), at + "transaction read_version");
                assertEquals(txn.get().operation().name(), t.get("operation").asText(), at + "transaction operation");
            }
        } finally {
            txn.ifPresent(org.lance.Transaction::close);
        }
    }

    private static String ints(JsonNode array) {
        List<Integer> values = new ArrayList<>();
        array.forEach(n -> values.add(n.asInt()));
        return values.toString();
    }

    private static void checkVersions(JsonNode versions, List<org.lance.Version> official) {
        assertEquals(official.size(), versions.size(), "number of versions");
        for (int i = 0; i < official.size(); i++) {
            org.lance.Version o = official.get(i);
            JsonNode p = versions.get(i);
            assertEquals(o.getId(), p.get("version").asLong(), "version id");
            assertEquals(
                    o.getDataTime().toInstant().toString(),
                    p.get("timestamp").asText(),
                    "v" + o.getId() + " timestamp");
            Map<String, String> metadata = new TreeMap<>();
            o.getMetadata()
                    .keySet()
                    .forEach(k -> metadata.put(k, p.has(k) ? p.get(k).asText() : null));
            assertEquals(new TreeMap<>(o.getMetadata()), metadata, "v" + o.getId() + " totals");
        }
    }
}
