package dev.plainlance.recovery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.plainlance.catalog.TableKeys;
import dev.plainlance.catalog.Ulid;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** The JSON form of {@link IntentSidecar}, read strictly: every field is checked, nothing is guessed. */
final class SidecarCodec {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Far above any real version, and low enough that the versions recovery looks at after it cannot overflow. */
    private static final long MAX_VERSION = 1L << 62;

    private SidecarCodec() {}

    static byte[] encode(IntentSidecar sidecar) {
        ObjectNode root = JSON.createObjectNode();
        root.put("schema_version", sidecar.schemaVersion());
        root.put("operation_id", sidecar.operationId());
        root.put("started_at", sidecar.startedAt().toString());
        root.put("branch", sidecar.branch());
        if (sidecar.actor().isPresent()) {
            root.put("actor", sidecar.actor().get());
        } else {
            root.putNull("actor");
        }
        root.put("writer", sidecar.writer());
        ArrayNode tables = root.putArray("tables");
        for (TableIntent table : sidecar.tables()) {
            ObjectNode t = tables.addObject();
            t.put("table_key", table.tableKey());
            t.put("path", table.path());
            t.put("expected_version", table.expectedVersion());
            t.put("transaction_uuid", table.transactionUuid());
            table.lanceBranch().ifPresent(line -> t.put("lance_branch", line));
        }
        ObjectNode summary = root.putObject("summary");
        sidecar.summary().forEach(summary::put);
        if (!sidecar.readPins().isEmpty()) {
            ObjectNode reads = root.putObject("read_pins");
            sidecar.readPins().forEach(reads::put);
        }
        if (!sidecar.mergeParents().isEmpty()) {
            ArrayNode parents = root.putArray("merge_parents");
            sidecar.mergeParents().forEach(parents::add);
        }
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode sidecar " + sidecar.operationId(), e);
        }
    }

    /** Decodes the sidecar stored at {@code file} ({@code key} is its storage key, for the id check). */
    static IntentSidecar decode(byte[] bytes, String key, String file) {
        JsonNode root;
        try {
            root = JSON.readTree(new String(bytes, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new CorruptSidecarException(file, "not valid JSON (" + e.getOriginalMessage() + ")", e);
        }
        if (root == null || !root.isObject()) {
            throw new CorruptSidecarException(file, "not a JSON object");
        }
        JsonNode version = root.get("schema_version");
        if (version == null || !version.isInt()) {
            throw new CorruptSidecarException(file, "schema_version is missing or not an integer");
        }
        if (version.intValue() != IntentSidecar.SCHEMA_VERSION) {
            throw new CorruptSidecarException(
                    file,
                    "schema_version " + version.intValue() + " is not the " + IntentSidecar.SCHEMA_VERSION
                            + " this plainlance understands");
        }
        String operationId = text(root, "operation_id", file);
        if (!Ulid.isValid(operationId) || !key.equals(IntentSidecar.key(operationId))) {
            throw new CorruptSidecarException(
                    file, "operation_id '" + operationId + "' is not a ULID matching the file name");
        }
        Instant startedAt;
        try {
            startedAt = Instant.parse(text(root, "started_at", file));
        } catch (DateTimeParseException e) {
            throw new CorruptSidecarException(file, "started_at is not an ISO-8601 instant", e);
        }
        JsonNode actor = root.get("actor");
        if (actor == null || !(actor.isNull() || actor.isTextual())) {
            throw new CorruptSidecarException(file, "actor must be a string or null");
        }
        JsonNode tables = root.get("tables");
        if (tables == null || !tables.isArray() || tables.isEmpty()) {
            throw new CorruptSidecarException(file, "tables must be a non-empty array");
        }
        List<TableIntent> intents = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        for (JsonNode t : tables) {
            if (!t.isObject()) {
                throw new CorruptSidecarException(file, "a tables entry is not an object");
            }
            JsonNode expected = t.get("expected_version");
            if (expected == null
                    || !expected.canConvertToLong()
                    || !expected.isIntegralNumber()
                    || expected.longValue() < 0
                    || expected.longValue() > MAX_VERSION) {
                throw new CorruptSidecarException(file, "expected_version must be an integer from 0 to " + MAX_VERSION);
            }
            TableIntent intent = new TableIntent(
                    text(t, "table_key", file),
                    text(t, "path", file),
                    expected.longValue(),
                    text(t, "transaction_uuid", file),
                    optionalText(t, "lance_branch", file));
            try {
                TableKeys.check(intent.tableKey());
                TableKeys.checkPath(intent.path());
                intent.lanceBranch().ifPresent(TableKeys::checkBranch);
            } catch (IllegalArgumentException e) {
                throw new CorruptSidecarException(file, e.getMessage());
            }
            if (!keys.add(intent.tableKey())) {
                throw new CorruptSidecarException(file, "table " + intent.tableKey() + " appears twice");
            }
            intents.add(intent);
        }
        String branch = text(root, "branch", file);
        try {
            TableKeys.checkBranch(branch);
        } catch (IllegalArgumentException e) {
            throw new CorruptSidecarException(file, e.getMessage());
        }
        return new IntentSidecar(
                version.intValue(),
                operationId,
                startedAt,
                branch,
                actor.isNull() ? Optional.empty() : Optional.of(actor.textValue()),
                text(root, "writer", file),
                intents,
                summary(root, file),
                readPins(root, file),
                mergeParents(root, file));
    }

    /** The {@code merge_parents} array of commit ids; absent is empty. */
    private static List<String> mergeParents(JsonNode root, String file) {
        JsonNode parents = root.get("merge_parents");
        if (parents == null) {
            return List.of();
        }
        if (!parents.isArray()) {
            throw new CorruptSidecarException(file, "merge_parents must be an array of commit ids");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode parent : parents) {
            if (!parent.isTextual() || parent.textValue().isEmpty()) {
                throw new CorruptSidecarException(file, "merge_parents must be an array of commit ids");
            }
            out.add(parent.textValue());
        }
        return out;
    }

    /** The {@code read_pins} object (table key to pinned version); absent is empty. */
    private static Map<String, Long> readPins(JsonNode root, String file) {
        JsonNode reads = root.get("read_pins");
        if (reads == null) {
            return Map.of();
        }
        if (!reads.isObject()) {
            throw new CorruptSidecarException(file, "read_pins must be an object");
        }
        Map<String, Long> out = new java.util.TreeMap<>();
        for (Map.Entry<String, JsonNode> entry : reads.properties()) {
            JsonNode v = entry.getValue();
            try {
                TableKeys.check(entry.getKey());
            } catch (IllegalArgumentException e) {
                throw new CorruptSidecarException(file, "read_pins: " + e.getMessage());
            }
            if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 0 || v.longValue() > MAX_VERSION) {
                throw new CorruptSidecarException(
                        file,
                        "read_pins " + TableKeys.escaped(entry.getKey()) + " must be an integer from 0 to "
                                + MAX_VERSION);
            }
            out.put(entry.getKey(), v.longValue());
        }
        return out;
    }

    /** The {@code summary} object; absent (a sidecar written before summaries) is empty. */
    private static Map<String, Long> summary(JsonNode root, String file) {
        JsonNode summary = root.get("summary");
        if (summary == null) {
            return Map.of();
        }
        if (!summary.isObject()) {
            throw new CorruptSidecarException(file, "summary must be an object");
        }
        Map<String, Long> counts = new TreeMap<>();
        for (Map.Entry<String, JsonNode> entry : summary.properties()) {
            JsonNode count = entry.getValue();
            if (entry.getKey().isBlank()
                    || !count.isIntegralNumber()
                    || !count.canConvertToLong()
                    || count.longValue() < 0) {
                throw new CorruptSidecarException(
                        file,
                        "summary " + TableKeys.escaped(entry.getKey())
                                + " must have a non-blank name and an integer count of 0 or more");
            }
            counts.put(entry.getKey(), count.longValue());
        }
        return counts;
    }

    private static String text(JsonNode node, String field, String file) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.textValue().isEmpty()) {
            throw new CorruptSidecarException(file, field + " is missing or not a non-empty string");
        }
        return value.textValue();
    }

    /** An optional non-empty string field. */
    private static java.util.Optional<String> optionalText(JsonNode node, String field, String file) {
        return node.has(field) ? java.util.Optional.of(text(node, field, file)) : java.util.Optional.empty();
    }
}
