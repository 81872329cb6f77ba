package dev.plainlance.interop;

import static org.junit.jupiter.api.Assertions.fail;

import dev.plainlance.lance.fragment.DeletionFileType;
import dev.plainlance.lance.schema.LanceField;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.lance.fragment.DataFile;
import org.lance.fragment.DeletionFile;
import org.lance.schema.LanceSchema;

/**
 * Compares what the official library ({@code org.lance}) and plainlance ({@code dev.plainlance.lance}) report for the
 * same dataset version. Every difference is collected, so one failing assertion lists all of them.
 *
 * <p>Documented normalizations (official-library quirks, not plainlance bugs):
 * <ul>
 *   <li>Dictionary columns: the official {@code Dataset.getSchema()} drops the dictionary and reports the index type
 *       ({@code dict: Int(32)}), and {@code getLanceSchema()} throws "ArrowSchema conversion error"; the official
 *       <em>scanner</em> reports the column as {@code Int(32)[dictionary]} with {@code Utf8} values. For schemas with
 *       a dictionary column the Arrow schema is compared with the scanner's schema instead, the dictionary field
 *       put in message format (value type + encoding, as plainlance reports it; the scanner's in-memory form has
 *       the index type as field type) and dictionary ids ignored (see {@link #schemaFromOfficialScan}). The Lance
 *       schema is not compared here (the dictionary test checks it against the logical type the official writer
 *       stores).</li>
 *   <li>{@code readTransaction()} of the official library throws "ArrowSchema conversion error" when the
 *       transaction holds a schema with a dictionary column; plainlance's transaction is then checked against the
 *       {@code _transactions/} file the official writer stored.</li>
 * </ul>
 */
final class Compare {
    private final List<String> mismatches = new ArrayList<>();
    private final String context;

    private Compare(String context) {
        this.context = context;
    }

    /** Asserts that plainlance reports the same facts as the official library about one opened version. */
    /** The rows of {@code version} of the dataset at {@code uri}, read by the official library, as JSON lines. */
    static List<String> officialRows(BufferAllocator allocator, String uri, long version) throws Exception {
        try (org.lance.Dataset ds = org.lance.Dataset.open(
                allocator,
                uri,
                new org.lance.ReadOptions.Builder().setVersion(version).build())) {
            return WriteInteropTest.lines(ds.newScan().scanBatches());
        }
    }

    /** The rows of {@code version} of the dataset at {@code uri}, read by plainlance, as JSON lines. */
    static List<String> plainRows(BufferAllocator allocator, String uri, long version) throws Exception {
        try (dev.plainlance.lance.Dataset ds = dev.plainlance.lance.Dataset.open(
                allocator,
                uri,
                new dev.plainlance.lance.ReadOptions.Builder()
                        .setVersion(version)
                        .build())) {
            return WriteInteropTest.lines(ds.newScan().scanBatches());
        }
    }

    /**
     * {@link #assertSameDataset}, and both libraries read the same rows, in order, at every version; returns the rows
     * by version.
     */
    static Map<Long, List<String>> assertSameRowsAtEveryVersion(
            BufferAllocator allocator, String step, OfficialWriter w) throws Exception {
        assertSameDataset(step, w);
        Map<Long, List<String>> rows = new HashMap<>();
        try (org.lance.Dataset ds = w.open()) {
            for (org.lance.Version v : ds.listVersions()) {
                List<String> official = officialRows(allocator, w.uri(), v.getId());
                WriteInteropTest.assertSameLines(
                        official, plainRows(allocator, w.uri(), v.getId()), step + ", rows of version " + v.getId());
                rows.put(v.getId(), official);
            }
        }
        return rows;
    }

    static void assertSameVersion(String context, org.lance.Dataset official, dev.plainlance.lance.Dataset plain) {
        Compare c = new Compare(context);
        c.compareVersion(official, plain);
        c.done();
    }

    /**
     * {@link #assertSameVersion} for the latest version, then for every version (checked out from both sides, and
     * opened by plainlance with {@code ReadOptions.setVersion}), then for every tag (checked out, and opened with
     * {@code ReadOptions.setTag}).
     */
    static void assertSameDataset(String context, OfficialWriter writer) {
        Compare c = new Compare(context);
        try (org.lance.Dataset official = writer.open();
                dev.plainlance.lance.Dataset plain = dev.plainlance.lance.Dataset.open(writer.uri())) {
            c.compareVersion(official, plain);
            c.compareNaming(writer.path(), plain);
            String fileUri = writer.path().toUri().toString();
            c.check("open(" + fileUri + ")", () -> {
                try (dev.plainlance.lance.Dataset byUri = dev.plainlance.lance.Dataset.open(fileUri)) {
                    c.compareVersion(official, byUri);
                }
            });
            for (org.lance.Version v : official.listVersions()) {
                c.check("checkoutVersion(" + v.getId() + ")", () -> {
                    try (org.lance.Dataset o = official.checkoutVersion(v.getId());
                            dev.plainlance.lance.Dataset p = plain.checkoutVersion(v.getId());
                            dev.plainlance.lance.Dataset q = dev.plainlance.lance.Dataset.open(
                                    writer.uri(),
                                    new dev.plainlance.lance.ReadOptions.Builder()
                                            .setVersion(v.getId())
                                            .build())) {
                        c.compareVersion(o, p);
                        c.compareVersion(o, q);
                    }
                });
            }
            for (org.lance.Tag tag : official.tags().list()) {
                c.check("checkoutTag(" + tag.getName() + ")", () -> {
                    try (org.lance.Dataset o = official.checkoutTag(tag.getName());
                            dev.plainlance.lance.Dataset p = plain.checkoutTag(tag.getName());
                            dev.plainlance.lance.Dataset q = dev.plainlance.lance.Dataset.open(
                                    writer.uri(),
                                    new dev.plainlance.lance.ReadOptions.Builder()
                                            .setTag(tag.getName())
                                            .build())) {
                        c.eq("tag " + tag.getName() + " version", tag.getVersion(), p.version());
                        c.compareVersion(o, p);
                        c.compareVersion(o, q);
                    }
                });
            }
        }
        c.done();
    }

    private void done() {
        if (!mismatches.isEmpty()) {
            fail(context + ": plainlance differs from the official library in " + mismatches.size() + " place(s):\n  "
                    + String.join("\n  ", mismatches));
        }
    }

    private void check(String what, Runnable body) {
        try {
            body.run();
        } catch (RuntimeException | AssertionError e) {
            mismatches.add(what + ": threw " + e);
        }
    }

    private void eq(String what, Object official, Object plain) {
        if (!Objects.equals(official, plain)) {
            mismatches.add(what + ": official=" + official + " plainlance=" + plain);
        }
    }

    private static Path localPath(String uri) {
        return uri.startsWith("file:") ? Path.of(java.net.URI.create(uri)) : Path.of(uri);
    }

    private void compareNaming(Path root, dev.plainlance.lance.Dataset plain) {
        try (Stream<Path> files = Files.list(root.resolve("_versions"))) {
            List<String> manifests = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".manifest"))
                    .toList();
            boolean v2 = manifests.stream().allMatch(n -> n.length() == 29);
            eq(
                    "manifestNaming (files on disk: " + manifests + ")",
                    v2 ? "V2" : "V1",
                    plain.manifestNaming().name());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void compareVersion(org.lance.Dataset official, dev.plainlance.lance.Dataset plain) {
        String at = "v" + official.version() + " ";
        eq(at + "version()", official.version(), plain.version());
        eq(at + "latestVersion()", official.latestVersion(), plain.latestVersion());
        check(at + "listVersions()", () -> compareVersions(at, official.listVersions(), plain.listVersions()));
        eq(at + "countRows()", official.countRows(), plain.countRows());
        eq(at + "getLanceFileFormatVersion()", official.getLanceFileFormatVersion(), plain.getLanceFileFormatVersion());
        eq(at + "hasStableRowIds()", official.hasStableRowIds(), plain.hasStableRowIds());
        eq(at + "getConfig()", official.getConfig(), plain.getConfig());
        eq(at + "getTableMetadata()", official.getTableMetadata(), plain.getTableMetadata());
        check(at + "getVersion()", () -> {
            org.lance.Version o = official.getVersion();
            dev.plainlance.lance.Version p = plain.getVersion();
            eq(at + "getVersion() id", o.getId(), p.id());
            eq(
                    at + "getVersion() dataTime instant",
                    o.getDataTime().toInstant(),
                    p.dataTime().toInstant());
            eq(at + "getVersion() metadata", o.getMetadata(), p.getMetadata());
        });
        check(at + "getSchema()", () -> compareSchema(at, official, plain));
        check(at + "getFragments()", () -> compareFragments(at, official, plain));
        check(
                at + "tags()",
                () -> compareTags(at, official.tags().list(), plain.tags().list()));
        check(at + "readTransaction()", () -> compareTransaction(at, official, plain));
    }

    private void compareVersions(
            String at, List<org.lance.Version> official, List<dev.plainlance.lance.Version> plain) {
        eq(
                at + "listVersions ids",
                official.stream().map(org.lance.Version::getId).toList(),
                plain.stream().map(dev.plainlance.lance.Version::id).toList());
        for (int i = 0; i < Math.min(official.size(), plain.size()); i++) {
            org.lance.Version o = official.get(i);
            dev.plainlance.lance.Version p = plain.get(i);
            eq(
                    at + "listVersions[" + o.getId() + "] dataTime instant",
                    o.getDataTime().toInstant(),
                    p.dataTime().toInstant());
            eq(at + "listVersions[" + o.getId() + "] metadata", o.getMetadata(), p.getMetadata());
        }
    }

    private void compareSchema(String at, org.lance.Dataset official, dev.plainlance.lance.Dataset plain) {
        Schema plainSchema = plain.getSchema();
        Schema officialSchema = official.getSchema();
        if (RichData.hasDictionary(plainSchema) || hasOfficialDictionary(official)) {
            officialSchema = schemaFromOfficialScan(official);
            eq(
                    at + "getSchema() (official from scanner, dictionary ids ignored)",
                    withoutDictionaryIds(officialSchema),
                    withoutDictionaryIds(plainSchema));
            return;
        }
        eq(at + "getSchema()", officialSchema, plainSchema);
        eq(at + "getSchema() custom metadata", officialSchema.getCustomMetadata(), plainSchema.getCustomMetadata());
        List<String> officialFields = flatten(official.getLanceSchema());
        List<String> plainFields = plain.getLanceSchema().allFieldsPreOrder().stream()
                .map(Compare::describe)
                .toList();
        eq(at + "getLanceSchema() fields (id/parent/name/logicalType/nullable)", officialFields, plainFields);
        eq(
                at + "getLanceSchema() metadata",
                official.getLanceSchema().metadata(),
                plain.getLanceSchema().metadata());
    }

    /** Whether the official Lance schema cannot be read (it throws for dictionary columns). */
    private static boolean hasOfficialDictionary(org.lance.Dataset official) {
        try {
            official.getLanceSchema();
            return false;
        } catch (IllegalArgumentException e) {
            return true;
        }
    }

    /**
     * The Arrow schema of a full scan by the official library (the only official view of dictionary columns), with
     * dictionary fields in message format: value type as the field type, plus the encoding (index type).
     */
    static Schema schemaFromOfficialScan(org.lance.Dataset official) {
        try (org.apache.arrow.vector.ipc.ArrowReader reader = official.newScan().scanBatches()) {
            Schema scanned = reader.getVectorSchemaRoot().getSchema();
            List<Field> fields = new ArrayList<>();
            for (Field f : scanned.getFields()) {
                org.apache.arrow.vector.types.pojo.DictionaryEncoding d = f.getDictionary();
                if (d == null) {
                    fields.add(f);
                } else {
                    Field values = reader.lookup(d.getId()).getVector().getField();
                    fields.add(new Field(
                            f.getName(),
                            new org.apache.arrow.vector.types.pojo.FieldType(
                                    f.isNullable(), values.getType(), d, f.getMetadata()),
                            values.getChildren()));
                }
            }
            return new Schema(fields, scanned.getCustomMetadata());
        } catch (Exception e) {
            throw new IllegalStateException("official scan failed", e);
        }
    }

    /** Dictionary ids are assigned by each reader; they carry no information about the dataset. */
    static Schema withoutDictionaryIds(Schema schema) {
        return new Schema(
                schema.getFields().stream().map(Compare::withoutDictionaryId).toList(), schema.getCustomMetadata());
    }

    private static Field withoutDictionaryId(Field f) {
        org.apache.arrow.vector.types.pojo.DictionaryEncoding d = f.getDictionary();
        org.apache.arrow.vector.types.pojo.FieldType type = new org.apache.arrow.vector.types.pojo.FieldType(
                f.isNullable(),
                f.getType(),
                d == null
                        ? null
                        : new org.apache.arrow.vector.types.pojo.DictionaryEncoding(0, d.isOrdered(), d.getIndexType()),
                f.getMetadata());
        return new Field(
                f.getName(),
                type,
                f.getChildren().stream().map(Compare::withoutDictionaryId).toList());
    }

    static List<String> flatten(LanceSchema schema) {
        List<String> out = new ArrayList<>();
        for (org.lance.schema.LanceField f : schema.fields()) {
            flatten(f, out);
        }
        return out;
    }

    private static void flatten(org.lance.schema.LanceField f, List<String> out) {
        out.add(f.getId() + "|" + f.getParentId() + "|" + f.getName() + "|" + f.getLogicalType() + "|"
                + f.isNullable());
        for (org.lance.schema.LanceField child : f.getChildren()) {
            flatten(child, out);
        }
    }

    static String describe(LanceField f) {
        return f.id() + "|" + f.parentId() + "|" + f.name() + "|" + f.logicalType() + "|" + f.nullable();
    }

    private void compareFragments(String at, org.lance.Dataset official, dev.plainlance.lance.Dataset plain) {
        List<org.lance.FragmentMetadata> o = official.getFragments().stream()
                .map(org.lance.Fragment::metadata)
                .sorted(Comparator.comparingInt(org.lance.FragmentMetadata::getId))
                .toList();
        List<dev.plainlance.lance.FragmentMetadata> p = plain.getFragments().stream()
                .map(dev.plainlance.lance.Fragment::metadata)
                .toList();
        eq(
                at + "fragment ids",
                o.stream().map(f -> (long) f.getId()).toList(),
                p.stream().map(dev.plainlance.lance.FragmentMetadata::getId).toList());
        for (int i = 0; i < Math.min(o.size(), p.size()); i++) {
            org.lance.FragmentMetadata of = o.get(i);
            dev.plainlance.lance.FragmentMetadata pf = p.get(i);
            String f = at + "fragment " + of.getId() + " ";
            eq(f + "physicalRows", of.getPhysicalRows(), pf.getPhysicalRows());
            eq(f + "numDeletions", of.getNumDeletions(), pf.getNumDeletions());
            eq(f + "numRows", of.getNumRows(), pf.getNumRows());
            eq(f + "has stable row ids", of.getRowIdMeta() != null, pf.hasRowIds());
            eq(
                    f + "files",
                    of.getFiles().stream().map(Compare::describe).toList(),
                    pf.getFiles().stream().map(Compare::describe).toList());
            eq(
                    f + "deletionFile",
                    Optional.ofNullable(of.getDeletionFile()).map(Compare::describe),
                    pf.getDeletionFile().map(Compare::describe));
        }
    }

    static String describe(DataFile f) {
        return f.getPath() + " fields=" + Arrays.toString(f.getFields()) + " columns="
                + Arrays.toString(f.getColumnIndices()) + " v" + f.getFileMajorVersion() + "." + f.getFileMinorVersion()
                + " size=" + f.getFileSizeBytes() + " base=" + f.getBaseId();
    }

    static String describe(dev.plainlance.lance.fragment.DataFile f) {
        return f.getPath() + " fields=" + Arrays.toString(f.getFields()) + " columns="
                + Arrays.toString(f.getColumnIndices()) + " v" + f.getFileMajorVersion() + "." + f.getFileMinorVersion()
                + " size=" + f.getFileSizeBytes() + " base=" + f.getBaseId();
    }

    static String describe(DeletionFile d) {
        return "id=" + Long.toUnsignedString(d.getId()) + " readVersion=" + d.getReadVersion() + " deleted="
                + d.getNumDeletedRows() + " type=" + d.getFileType().name() + " base=" + d.getBaseId();
    }

    static String describe(dev.plainlance.lance.fragment.DeletionFile d) {
        DeletionFileType type = d.fileType();
        return "id=" + Long.toUnsignedString(d.id()) + " readVersion=" + d.readVersion() + " deleted="
                + d.numDeletedRows() + " type=" + type.name() + " base=" + d.baseId();
    }

    private void compareTags(String at, List<org.lance.Tag> official, List<dev.plainlance.lance.table.Tag> plain) {
        eq(
                at + "tags",
                official.stream()
                        .sorted(Comparator.comparing(org.lance.Tag::getName))
                        .map(t -> t.getName() + "->" + t.getVersion() + " manifestSize=" + t.getManifestSize()
                                + " branch=" + t.getBranch() + " metadata=" + new java.util.TreeMap<>(t.getMetadata()))
                        .toList(),
                plain.stream()
                        .sorted(Comparator.comparing(dev.plainlance.lance.table.Tag::name))
                        .map(t -> t.name() + "->" + t.version() + " manifestSize=" + t.manifestSize() + " branch="
                                + t.branch() + " metadata=" + new java.util.TreeMap<>(t.metadata()))
                        .toList());
        for (org.lance.Tag o : official) {
            plain.stream().filter(t -> t.name().equals(o.getName())).findFirst().ifPresent(p -> {
                eq(at + "tag " + o.getName() + " createdAt", o.getCreatedAt(), p.createdAt());
                eq(at + "tag " + o.getName() + " updatedAt", o.getUpdatedAt(), p.updatedAt());
            });
        }
    }

    private void compareTransaction(String at, org.lance.Dataset official, dev.plainlance.lance.Dataset plain) {
        Optional<org.lance.Transaction> o;
        try {
            o = official.readTransaction();
        } catch (IllegalArgumentException e) {
            // Official quirk: readTransaction() of an Overwrite whose schema has a dictionary column throws
            // "ArrowSchema conversion error". Fall back to what the official writer stored on disk: the transaction
            // file _transactions/{readVersion}-{uuid}.txn named by the manifest.
            Optional<dev.plainlance.lance.Transaction> p = plain.readTransaction();
            eq(at + "readTransaction() present (official threw " + e.getMessage() + ")", true, p.isPresent());
            p.ifPresent(t -> eq(
                    at + "transaction file " + t.readVersion() + "-" + t.uuid() + ".txn on disk",
                    true,
                    Files.isRegularFile(localPath(plain.uri())
                            .resolve("_transactions")
                            .resolve(t.readVersion() + "-" + t.uuid() + ".txn"))));
            return;
        }
        try {
            Optional<dev.plainlance.lance.Transaction> p = plain.readTransaction();
            eq(at + "readTransaction() present", o.isPresent(), p.isPresent());
            if (o.isPresent() && p.isPresent()) {
                eq(at + "transaction uuid", o.get().uuid(), p.get().uuid());
                eq(
                        at + "transaction readVersion",
                        o.get().readVersion(),
                        p.get().readVersion());
                eq(
                        at + "transaction operation",
                        o.get().operation().name(),
                        p.get().operationName());
                eq(at + "transaction tag", o.get().tag(), p.get().tag());
                eq(
                        at + "transaction properties",
                        o.get().transactionProperties(),
                        p.get().transactionProperties());
            }
        } finally {
            o.ifPresent(org.lance.Transaction::close);
        }
    }
}
