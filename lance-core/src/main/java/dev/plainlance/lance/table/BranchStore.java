package dev.plainlance.lance.table;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.plainlance.lance.error.CorruptFileException;
import dev.plainlance.lance.error.LanceException;
import dev.plainlance.lance.error.LanceIOException;
import dev.plainlance.lance.error.NotFoundException;
import dev.plainlance.lance.io.ObjectAlreadyExistsException;
import dev.plainlance.lance.io.ObjectInfo;
import dev.plainlance.lance.io.Storage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The branch files of a dataset, {@code _refs/branches/{name}.json} at the main root, with the keys official Lance
 * 7.0.0 writes: {@code parentBranch}, {@code identifier.version_mapping}, {@code parentVersion}, {@code createAt},
 * {@code manifestSize}, {@code metadata}. The file is the source of truth: a {@code tree/{name}} root without one
 * is not a branch.
 */
public final class BranchStore {
    public static final String BRANCHES_DIR = "_refs/branches";
    private static final DefaultPrettyPrinter PRETTY = new DefaultPrettyPrinter()
            .withSeparators(Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                    .withObjectEmptySeparator("")
                    .withArrayEmptySeparator(""))
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n"));

    private final Storage main;

    /** The branches of the dataset whose main root is {@code main}. */
    public BranchStore(Storage main) {
        this.main = main;
    }

    /** Every branch, sorted by name. */
    public List<Branch> list() {
        List<ObjectInfo> objects;
        try {
            objects = main.list(BRANCHES_DIR + "/");
        } catch (IOException e) {
            throw new LanceIOException("cannot list " + main.describe(BRANCHES_DIR), e);
        }
        List<Branch> branches = new ArrayList<>();
        for (ObjectInfo object : objects) {
            String name = BranchNames.fromFileName(object.fileName());
            if (name != null && object.key().equals(BRANCHES_DIR + "/" + object.fileName())) {
                read(name).ifPresent(branches::add);
            }
        }
        branches.sort(Comparator.comparing(Branch::name));
        return branches;
    }

    /** The branch called {@code name}, if its file exists. */
    public Optional<Branch> find(String name) {
        return read(BranchNames.validate(name));
    }

    /** The branch called {@code name}, or {@link NotFoundException}. */
    public Branch get(String name) {
        return find(name).orElseThrow(() -> notFound(name));
    }

    /** Writes the file of a new branch; fails if one with that name exists. */
    public void create(Branch branch) {
        String key = key(branch.name());
        try {
            main.putIfAbsent(key, encode(branch));
        } catch (ObjectAlreadyExistsException e) {
            throw new LanceException("branch '" + branch.name() + "' already exists: " + main.describe(key));
        } catch (IOException e) {
            throw new LanceIOException("cannot write " + main.describe(key), e);
        }
    }

    /** Replaces the metadata of an existing branch. */
    public Branch replaceMetadata(String name, Map<String, String> metadata) {
        Branch old = get(name);
        Branch updated = new Branch(
                old.name(),
                old.parentBranch(),
                old.branchIdentifier(),
                old.parentVersion(),
                old.createAt(),
                old.manifestSize(),
                metadata);
        try {
            main.replace(key(name), encode(updated));
        } catch (IOException e) {
            throw new LanceIOException("cannot write " + main.describe(key(name)), e);
        }
        return updated;
    }

    /** Deletes the file of branch {@code name}; fails with {@link NotFoundException} if there is none. */
    public void deleteFile(String name) {
        String key = key(BranchNames.validate(name));
        try {
            if (!main.delete(key)) {
                throw notFound(name);
            }
        } catch (IOException e) {
            throw new LanceIOException("cannot delete " + main.describe(key), e);
        }
    }

    /**
     * Deletes every object of the root {@code tree/{name}} except those of other branches' roots nested below it
     * ({@code tree/{name}/...}); returns whether there was any.
     */
    public boolean deleteRoot(String name) {
        String root = BranchNames.rootKey(name) + "/";
        List<String> nested = new ArrayList<>();
        for (Branch other : list()) {
            if (other.name().startsWith(name + "/")) {
                nested.add(BranchNames.rootKey(other.name()) + "/");
            }
        }
        boolean any = false;
        try {
            for (ObjectInfo object : main.list(root)) {
                if (nested.stream().noneMatch(object.key()::startsWith)) {
                    any |= main.delete(object.key());
                }
            }
            return any;
        } catch (IOException e) {
            throw new LanceIOException("cannot delete " + main.describe(root), e);
        }
    }

    private NotFoundException notFound(String name) {
        return new NotFoundException("branch '" + name + "' does not exist in " + main.describe(BRANCHES_DIR));
    }

    private static String key(String name) {
        return BRANCHES_DIR + "/" + BranchNames.fileName(name);
    }

    private Optional<Branch> read(String name) {
        String key = key(name);
        Optional<byte[]> bytes;
        try {
            bytes = main.readIfExists(key);
        } catch (IOException e) {
            throw new LanceIOException("cannot read " + main.describe(key), e);
        }
        return bytes.map(b -> decode(name, b, main.describe(key)));
    }

    static Branch decode(String name, byte[] bytes, String where) {
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new CorruptFileException(where, "branch file is not valid JSON: " + firstLine(e.getMessage()), e);
        }
        if (node == null || !node.isObject()) {
            throw new CorruptFileException(where, "branch file is not a JSON object");
        }
        JsonNode parent = field(node, "parentBranch", "parent_branch");
        if (parent != null && !parent.isNull() && !parent.isTextual()) {
            throw new CorruptFileException(where, "branch file has a non-string \"parentBranch\"");
        }
        List<Branch.BranchVersionMapping> lineage = new ArrayList<>();
        JsonNode mappings = node.path("identifier").path("version_mapping");
        if (!mappings.isMissingNode() && !mappings.isArray()) {
            throw new CorruptFileException(where, "branch file has an invalid \"identifier\"");
        }
        for (JsonNode mapping : mappings) {
            if (!mapping.isArray()
                    || mapping.size() != 2
                    || !isCount(mapping.get(0))
                    || !mapping.get(1).isTextual()) {
                throw new CorruptFileException(where, "branch file has an invalid \"identifier\" entry " + mapping);
            }
            lineage.add(new Branch.BranchVersionMapping(
                    mapping.get(0).asLong(), mapping.get(1).asText()));
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        JsonNode meta = node.get("metadata");
        if (meta != null && meta.isObject()) {
            meta.fields()
                    .forEachRemaining(e -> metadata.put(e.getKey(), e.getValue().asText()));
        }
        return new Branch(
                name,
                parent == null || parent.isNull() ? Optional.empty() : Optional.of(parent.asText()),
                lineage,
                count(node, where, "parentVersion", "parent_version", true),
                count(node, where, "createAt", "create_at", false),
                count(node, where, "manifestSize", "manifest_size", false),
                metadata);
    }

    private static JsonNode field(JsonNode node, String camel, String snake) {
        JsonNode value = node.get(camel);
        return value != null ? value : node.get(snake);
    }

    private static boolean isCount(JsonNode value) {
        return value != null && value.canConvertToExactIntegral() && value.asLong() >= 0;
    }

    private static long count(JsonNode node, String where, String camel, String snake, boolean required) {
        JsonNode value = field(node, camel, snake);
        if (value == null || value.isNull()) {
            if (required) {
                throw new CorruptFileException(where, "branch file has no \"" + camel + "\"");
            }
            return 0;
        }
        if (!isCount(value)) {
            throw new CorruptFileException(where, "branch file has an invalid \"" + camel + "\": " + value);
        }
        return value.asLong();
    }

    private static String firstLine(String message) {
        int newline = message == null ? -1 : message.indexOf('\n');
        return newline < 0 ? String.valueOf(message) : message.substring(0, newline);
    }

    static byte[] encode(Branch branch) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        if (branch.parentBranch().isPresent()) {
            node.put("parentBranch", branch.parentBranch().get());
        } else {
            node.putNull("parentBranch");
        }
        ArrayNode mappings = node.putObject("identifier").putArray("version_mapping");
        for (Branch.BranchVersionMapping mapping : branch.branchIdentifier()) {
            mappings.addArray().add(mapping.version()).add(mapping.uuid());
        }
        node.put("parentVersion", branch.parentVersion());
        node.put("createAt", branch.createAt());
        node.put("manifestSize", branch.manifestSize());
        ObjectNode metadata = node.putObject("metadata");
        branch.metadata().forEach(metadata::put);
        try {
            return Json.MAPPER.writer(PRETTY).writeValueAsString(node).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode branch " + branch.name(), e);
        }
    }

    /** Created on first use: an ObjectMapper is slow to set up, and most opens read no branch. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }
}
