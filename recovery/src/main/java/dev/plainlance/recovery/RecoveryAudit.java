package dev.plainlance.recovery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.plainlance.catalog.CatalogOptions;
import dev.plainlance.lance.Dataset;
import dev.plainlance.lance.ReadOptions;
import dev.plainlance.lance.arrow.ArrowReaders;
import dev.plainlance.lance.commit.CommitConflictException;
import dev.plainlance.lance.env.Env;
import dev.plainlance.lance.error.LanceIOException;
import dev.plainlance.lance.io.PrefixedStorage;
import dev.plainlance.lance.io.Storage;
import dev.plainlance.lance.ipc.LanceScanner;
import dev.plainlance.lance.ipc.ScanOptions;
import dev.plainlance.lance.operation.TableCommits;
import dev.plainlance.lance.operation.Write;
import dev.plainlance.lance.table.TableSnapshot;
import dev.plainlance.lance.write.WriteSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The audit trail {@code _recoveries}, a Lance table in the catalog root with one row per recovered operation.
 * {@link #record} is idempotent per operation id: it appends with an exact-version commit after checking, at that
 * very version, that the operation is not recorded yet, so concurrent recoverers leave exactly one row.
 */
final class RecoveryAudit {
    static final String DIR = "_recoveries";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> COLUMNS =
            List.of("operation_id", "kind", "actor", "writer", "branch", "tables", "recovered_at");
    private static final Schema SCHEMA = new Schema(COLUMNS.stream()
            .map(c -> c.equals("actor")
                    ? Field.nullable(c, ArrowType.Utf8.INSTANCE)
                    : Field.notNullable(c, ArrowType.Utf8.INSTANCE))
            .toList());

    private final Storage storage;
    private final CatalogOptions options;

    RecoveryAudit(Storage root, CatalogOptions options) {
        this.storage = new PrefixedStorage(root, DIR);
        this.options = options;
    }

    /** Appends {@code record} unless its operation is already recorded; returns whether it appended. */
    boolean record(AuditRecord record) {
        return options.retry().run(CommitConflictException.class, attempt -> {
            TableVersions versions = new TableVersions(storage);
            long head = versions.head();
            if (head > 0 && read(head).stream().anyMatch(r -> r.operationId().equals(record.operationId()))) {
                return false;
            }
            append(record, head);
            return true;
        });
    }

    /** Every record, oldest first. */
    List<AuditRecord> read() {
        long head = new TableVersions(storage).head();
        return head == 0 ? List.of() : read(head);
    }

    private List<AuditRecord> read(long version) {
        List<AuditRecord> out = new ArrayList<>();
        try (Dataset dataset = Dataset.open(
                        storage,
                        storage.describe(""),
                        new ReadOptions.Builder().setVersion(version).build());
                LanceScanner scanner = dataset.newScan(new ScanOptions.Builder().build());
                ArrowReader batches = scanner.scanBatches()) {
            while (batches.loadNextBatch()) {
                VectorSchemaRoot root = batches.getVectorSchemaRoot();
                for (int i = 0; i < root.getRowCount(); i++) {
                    out.add(decode(root, i));
                }
            }
        } catch (IOException e) {
            throw new LanceIOException("cannot read " + storage.describe(""), e);
        }
        return out;
    }

    private void append(AuditRecord record, long head) {
        WriteSpec spec = WriteSpec.of(head == 0 ? WriteSpec.Mode.CREATE : WriteSpec.Mode.APPEND);
        try (BufferAllocator allocator = new RootAllocator();
                VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator)) {
            List<String> values = List.of(
                    record.operationId(),
                    record.kind().name(),
                    record.actor().orElse(""),
                    record.writer(),
                    record.branch(),
                    tablesJson(record.tables()),
                    record.recoveredAt().toString());
            for (int c = 0; c < COLUMNS.size(); c++) {
                VarCharVector vector = (VarCharVector) root.getVector(COLUMNS.get(c));
                if (COLUMNS.get(c).equals("actor") && record.actor().isEmpty()) {
                    vector.setNull(0);
                } else {
                    vector.setSafe(0, values.get(c).getBytes(StandardCharsets.UTF_8));
                }
            }
            root.setRowCount(1);
            Env env = options.tableEnv(allocator);
            String name = storage.describe("");
            TableSnapshot base =
                    head == 0 ? TableSnapshot.absent(storage, name) : TableSnapshot.at(storage, name, head);
            try (ArrowReader reader = ArrowReaders.of(SCHEMA, List.of(root), allocator)) {
                // a lost race (another recoverer appended or created first) is a CommitConflictException
                TableCommits.commitExactly(new Write(reader, spec).stage(base, env), env);
            }
        } catch (IOException e) {
            throw new LanceIOException("cannot append to " + storage.describe(""), e);
        }
    }

    private static String tablesJson(List<RecoveryOutcome.TableMove> tables) {
        ArrayNode array = JSON.createArrayNode();
        for (RecoveryOutcome.TableMove move : tables) {
            array.addObject()
                    .put("table_key", move.tableKey())
                    .put("from", move.from())
                    .put("to", move.to());
        }
        return array.toString();
    }

    private AuditRecord decode(VectorSchemaRoot root, int row) {
        List<String> v = new ArrayList<>();
        for (String column : COLUMNS) {
            VarCharVector vector = (VarCharVector) root.getVector(column);
            v.add(vector.isNull(row) ? null : new String(vector.get(row), StandardCharsets.UTF_8));
        }
        List<RecoveryOutcome.TableMove> moves = new ArrayList<>();
        try {
            for (JsonNode move : JSON.readTree(v.get(5))) {
                moves.add(new RecoveryOutcome.TableMove(
                        move.get("table_key").asText(),
                        move.get("from").asLong(),
                        move.get("to").asLong()));
            }
        } catch (JsonProcessingException | RuntimeException e) {
            throw new dev.plainlance.lance.error.CorruptFileException(
                    storage.describe(""), "audit row " + v.get(0) + " has malformed tables: " + e.getMessage(), e);
        }
        return new AuditRecord(
                v.get(0),
                RecoveryOutcome.Kind.valueOf(v.get(1)),
                Optional.ofNullable(v.get(2)),
                v.get(3),
                v.get(4),
                moves,
                Instant.parse(v.get(6)));
    }
}
