package dev.plainlance.catalog;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The rows of one {@code __manifest} version: the whole current state (stamp, tables, tombstones, pins, aborted
 * operations, the operation floor once recovery has forgotten aborted operations) plus the one commit that
 * produced it, with that commit's summary as one {@code summary} row per count ({@code key} the name,
 * {@code version} the count; no rows for an empty summary). Each version is an overwrite, so reading the current
 * state reads one small fragment whatever the length of the history, and every older state stays readable as an
 * older version of the same Lance dataset.
 */
final class ManifestRows {
    static final Schema SCHEMA = new Schema(List.of(
            Field.notNullable("kind", ArrowType.Utf8.INSTANCE),
            Field.nullable("branch", ArrowType.Utf8.INSTANCE),
            Field.nullable("key", ArrowType.Utf8.INSTANCE),
            Field.nullable("path", ArrowType.Utf8.INSTANCE),
            Field.nullable("version", new ArrowType.Int(64, true)),
            Field.nullable("row_count", new ArrowType.Int(64, true)),
            Field.nullable("commit_id", ArrowType.Utf8.INSTANCE),
            Field.nullable("parent_id", ArrowType.Utf8.INSTANCE),
            Field.nullable("actor", ArrowType.Utf8.INSTANCE),
            Field.nullable("time_micros", new ArrowType.Int(64, true)),
            Field.nullable("message", ArrowType.Utf8.INSTANCE),
            Field.nullable("operation_id", ArrowType.Utf8.INSTANCE)));

    private static final String STAMP = "stamp";
    private static final String TABLE = "table";
    private static final String TOMBSTONE = "tombstone";
    private static final String PIN = "pin";
    private static final String ABORTED = "aborted";
    private static final String OPERATION_FLOOR = "operation_floor";
    private static final String COMMIT = "commit";
    private static final String SUMMARY = "summary";
    private static final String BRANCH = "branch";
    private static final String HEAD = "head";
    private static final String PARENT = "parent";

    private ManifestRows() {}

    /** One row; absent fields are null. */
    private record Row(
            String kind,
            String branch,
            String key,
            String path,
            Long version,
            Long rowCount,
            String commitId,
            String parentId,
            String actor,
            Long timeMicros,
            String message,
            String operationId) {
        static Row of(String kind) {
            return new Row(kind, null, null, null, null, null, null, null, null, null, null, null);
        }
    }

    /** The rows for {@code state} (its manifest version and head's version are ignored). */
    static VectorSchemaRoot encode(CatalogSnapshot state, BufferAllocator allocator) {
        List<Row> rows = new ArrayList<>();
        rows.add(
                new Row(STAMP, null, null, null, (long) state.schemaStamp(), null, null, null, null, null, null, null));
        state.tables()
                .forEach((key, path) ->
                        rows.add(new Row(TABLE, null, key, path, null, null, null, null, null, null, null, null)));
        state.tombstones().stream()
                .sorted()
                .forEach(key ->
                        rows.add(new Row(TOMBSTONE, null, key, null, null, null, null, null, null, null, null, null)));
        state.pins()
                .forEach((branch, byKey) -> byKey.forEach((key, pin) -> rows.add(new Row(
                        PIN,
                        branch,
                        key,
                        pin.lanceBranch().orElse(null),
                        pin.version(),
                        pin.rowCount(),
                        null,
                        null,
                        null,
                        null,
                        null,
                        null))));
        // branch, head and parent rows exist only once branches were used: a plainlance that does not know them
        // refuses the rows (unknown kind) rather than read a branch's pins as main-line versions
        state.branchInfo()
                .values()
                .forEach(b -> rows.add(new Row(
                        BRANCH,
                        b.name(),
                        b.lanceBranch(),
                        b.parent(),
                        null,
                        null,
                        b.forkCommit(),
                        null,
                        null,
                        null,
                        null,
                        null)));
        state.heads()
                .forEach((branch, commit) ->
                        rows.add(new Row(HEAD, branch, null, null, null, null, commit, null, null, null, null, null)));
        state.abortedOperations().stream()
                .sorted()
                .forEach(op ->
                        rows.add(new Row(ABORTED, null, null, null, null, null, null, null, null, null, null, op)));
        if (state.operationFloor() > 0) {
            // only once recovery forgot aborted operations: a plainlance that does not know the floor refuses the
            // row (unknown kind) rather than publish for an operation it can no longer tell was aborted
            rows.add(new Row(
                    OPERATION_FLOOR,
                    null,
                    null,
                    null,
                    state.operationFloor(),
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null));
        }
        CatalogCommit head = state.head();
        if (!head.parents().equals(head.parentId().map(List::of).orElse(List.of()))) {
            for (int i = 0; i < head.parents().size(); i++) {
                rows.add(new Row(
                        PARENT, null, null, null, (long) i, null, head.parents().get(i), null, null, null, null, null));
            }
        }
        rows.add(new Row(
                COMMIT,
                head.branch().equals(CatalogSnapshot.MAIN) ? null : head.branch(),
                null,
                null,
                null,
                null,
                head.id(),
                head.parentId().orElse(null),
                head.actor(),
                ChronoUnit.MICROS.between(Instant.EPOCH, head.time()),
                head.message(),
                head.operationId().orElse(null)));
        head.summary()
                .forEach((name, count) ->
                        rows.add(new Row(SUMMARY, null, name, null, count, null, null, null, null, null, null, null)));

        VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator);
        try {
            for (int i = 0; i < rows.size(); i++) {
                Row row = rows.get(i);
                text(root, "kind", i, row.kind());
                text(root, "branch", i, row.branch());
                text(root, "key", i, row.key());
                text(root, "path", i, row.path());
                number(root, "version", i, row.version());
                number(root, "row_count", i, row.rowCount());
                text(root, "commit_id", i, row.commitId());
                text(root, "parent_id", i, row.parentId());
                text(root, "actor", i, row.actor());
                number(root, "time_micros", i, row.timeMicros());
                text(root, "message", i, row.message());
                text(root, "operation_id", i, row.operationId());
            }
            root.setRowCount(rows.size());
            return root;
        } catch (RuntimeException e) {
            root.close();
            throw e;
        }
    }

    /** Accumulates decoded rows of one version into a state. */
    static final class Decoder {
        private final long manifestVersion;
        private final String where;
        private Integer stamp;
        private final SortedMap<String, String> tables = new TreeMap<>();
        private final Set<String> tombstones = new HashSet<>();
        private final SortedMap<String, SortedMap<String, Pin>> pins = new TreeMap<>();
        private final Set<String> aborted = new HashSet<>();
        private Long operationFloor;
        private CatalogCommit head;
        private final SortedMap<String, Long> summary = new TreeMap<>();
        private final SortedMap<String, CatalogBranch> branchInfo = new TreeMap<>();
        private final SortedMap<String, String> heads = new TreeMap<>();
        private final SortedMap<Long, String> parents = new TreeMap<>();
        private String commitBranch;

        Decoder(long manifestVersion, String where) {
            this.manifestVersion = manifestVersion;
            this.where = where;
        }

        void add(VectorSchemaRoot batch) {
            checkColumns(batch);
            for (int i = 0; i < batch.getRowCount(); i++) {
                String kind = text(batch, "kind", i);
                switch (kind == null ? "" : kind) {
                    case STAMP ->
                        stamp = required(number(batch, "version", i), "stamp version")
                                .intValue();
                    case TABLE ->
                        tables.put(
                                required(text(batch, "key", i), "table key"),
                                required(text(batch, "path", i), "table path"));
                    case TOMBSTONE -> tombstones.add(required(text(batch, "key", i), "tombstone key"));
                    case PIN ->
                        pins.computeIfAbsent(required(text(batch, "branch", i), "pin branch"), b -> new TreeMap<>())
                                .put(required(text(batch, "key", i), "pin key"), pin(batch, i));
                    case ABORTED -> aborted.add(required(text(batch, "operation_id", i), "aborted operation"));
                    case OPERATION_FLOOR -> setOperationFloor(required(number(batch, "version", i), "operation floor"));
                    case BRANCH -> addBranch(batch, i);
                    case HEAD -> {
                        String branch = checkedBranch(required(text(batch, "branch", i), "head branch"));
                        if (heads.put(branch, required(text(batch, "commit_id", i), "head commit")) != null) {
                            throw new CatalogFormatException(where + " has two heads of branch " + branch);
                        }
                    }
                    case PARENT -> {
                        long order = required(number(batch, "version", i), "parent order");
                        if (parents.put(order, required(text(batch, "commit_id", i), "parent commit")) != null) {
                            throw new CatalogFormatException(where + " has the commit parent " + order + " twice");
                        }
                    }
                    case COMMIT -> {
                        commitBranch = text(batch, "branch", i);
                        head = new CatalogCommit(
                                required(text(batch, "commit_id", i), "commit id"),
                                Optional.ofNullable(text(batch, "parent_id", i)),
                                required(text(batch, "actor", i), "commit actor"),
                                Instant.EPOCH.plus(
                                        required(number(batch, "time_micros", i), "commit time"), ChronoUnit.MICROS),
                                required(text(batch, "message", i), "commit message"),
                                Optional.ofNullable(text(batch, "operation_id", i)),
                                manifestVersion,
                                Map.of());
                    }
                    case SUMMARY ->
                        addSummary(
                                required(text(batch, "key", i), "summary key"),
                                required(number(batch, "version", i), "summary count"));
                    default ->
                        throw new CatalogFormatException(where + " has a row of unknown kind '" + kind
                                + "'; it was written by a newer plainlance");
                }
            }
        }

        private Pin pin(VectorSchemaRoot batch, int i) {
            try {
                return new Pin(
                        required(number(batch, "version", i), "pin version"),
                        required(number(batch, "row_count", i), "pin row count"),
                        Optional.ofNullable(text(batch, "path", i)).map(this::checkedBranch));
            } catch (IllegalArgumentException e) {
                throw new CatalogFormatException(where + " has a bad pin: " + e.getMessage());
            }
        }

        private void addBranch(VectorSchemaRoot batch, int i) {
            try {
                CatalogBranch branch = new CatalogBranch(
                        required(text(batch, "branch", i), "branch name"),
                        required(text(batch, "key", i), "branch's Lance branch"),
                        required(text(batch, "path", i), "branch parent"),
                        required(text(batch, "commit_id", i), "branch fork commit"));
                if (branchInfo.put(branch.name(), branch) != null) {
                    throw new CatalogFormatException(where + " has the branch " + branch.name() + " twice");
                }
            } catch (IllegalArgumentException e) {
                throw new CatalogFormatException(where + " has a bad branch row: " + e.getMessage());
            }
        }

        private String checkedBranch(String name) {
            try {
                return TableKeys.checkBranch(name);
            } catch (IllegalArgumentException e) {
                throw new CatalogFormatException(where + ": " + e.getMessage());
            }
        }

        private void setOperationFloor(long floor) {
            if (operationFloor != null) {
                throw new CatalogFormatException(where + " has the operation floor twice");
            }
            if (floor < 1 || floor > manifestVersion) {
                throw new CatalogFormatException(where + " has the operation floor " + floor
                        + "; it must be a catalog version from 1 to this one");
            }
            operationFloor = floor;
        }

        private void addSummary(String name, long count) {
            if (name.isBlank() || count < 0) {
                throw new CatalogFormatException(where + " has the summary row " + TableKeys.escaped(name) + " = "
                        + count + "; a summary key must not be blank and a count must be 0 or more");
            }
            if (summary.putIfAbsent(name, count) != null) {
                throw new CatalogFormatException(where + " has the summary key " + TableKeys.escaped(name) + " twice");
            }
        }

        /** Every column of {@link #SCHEMA} is present with its type (a damaged manifest may say otherwise). */
        private void checkColumns(VectorSchemaRoot batch) {
            for (Field expected : SCHEMA.getFields()) {
                FieldVector vector = batch.getVector(expected.getName());
                if (vector == null) {
                    throw new CatalogFormatException(where + " lacks the column '" + expected.getName() + "'");
                }
                Class<?> wanted =
                        expected.getType() instanceof ArrowType.Utf8 ? VarCharVector.class : BigIntVector.class;
                if (!wanted.isInstance(vector)) {
                    throw new CatalogFormatException(where + " has the column '" + expected.getName() + "' of type "
                            + vector.getField().getType() + ", expected " + expected.getType());
                }
            }
        }

        CatalogSnapshot finish() {
            if (stamp == null || head == null) {
                throw new CatalogFormatException(where + " lacks its " + (stamp == null ? "schema stamp" : "commit")
                        + " row; it is not a plainlance catalog manifest");
            }
            CatalogCommit commit = head.withSummary(summary);
            if (commitBranch != null || !parents.isEmpty()) {
                commit = commit.withLineage(
                        checkedBranch(commitBranch == null ? CatalogSnapshot.MAIN : commitBranch),
                        parents.isEmpty()
                                ? commit.parentId().map(List::of).orElse(List.of())
                                : List.copyOf(parents.values()));
            }
            return new CatalogSnapshot(
                    manifestVersion,
                    stamp,
                    tables,
                    tombstones,
                    pins,
                    aborted,
                    operationFloor == null ? 0 : operationFloor,
                    commit,
                    branchInfo,
                    heads);
        }

        private <T> T required(T value, String what) {
            if (value == null) {
                throw new CatalogFormatException(where + " has a row without its " + what);
            }
            return value;
        }
    }

    private static void text(VectorSchemaRoot root, String column, int row, String value) {
        VarCharVector vector = (VarCharVector) root.getVector(column);
        if (value == null) {
            vector.setNull(row);
        } else {
            vector.setSafe(row, value.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void number(VectorSchemaRoot root, String column, int row, Long value) {
        BigIntVector vector = (BigIntVector) root.getVector(column);
        if (value == null) {
            vector.setNull(row);
        } else {
            vector.setSafe(row, value);
        }
    }

    private static String text(VectorSchemaRoot root, String column, int row) {
        VarCharVector vector = (VarCharVector) root.getVector(column);
        return vector.isNull(row) ? null : new String(vector.get(row), StandardCharsets.UTF_8);
    }

    private static Long number(VectorSchemaRoot root, String column, int row) {
        BigIntVector vector = (BigIntVector) root.getVector(column);
        return vector.isNull(row) ? null : vector.get(row);
    }
}
