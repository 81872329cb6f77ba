package dev.plainlance.lance.table;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Tags of a dataset, as {@code _refs/tags/{name}.json} objects with camelCase keys:
 * {@code {"branch": null, "version": 1, "createdAt": "...Z", "updatedAt": "...Z", "manifestSize": 1353, "metadata": {}}}.
 * Creating a tag never overwrites another one (put-if-absent).
 */
public final class TagStore {
    public static final String TAGS_DIR = "_refs/tags";
    private static final DefaultPrettyPrinter PRETTY = new DefaultPrettyPrinter()
            .withSeparators(Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                    .withObjectEmptySeparator(""))
            .withObjectIndenter(new DefaultIndenter("  ", "\n"));

    private final Storage storage;
    private final ManifestStore manifests;
    private final Clock clock;

    public TagStore(ManifestStore manifests, Clock clock) {
        this.storage = manifests.storage();
        this.manifests = manifests;
        this.clock = clock;
    }

    /** All tags, sorted by name. */
    public List<Tag> list() {
        List<ObjectInfo> objects;
        try {
            objects = storage.list(TAGS_DIR + "/");
        } catch (IOException e) {
            throw new LanceIOException("cannot list " + storage.describe(TAGS_DIR), e);
        }
        List<Tag> tags = new ArrayList<>();
        for (ObjectInfo object : objects) {
            String file = object.fileName();
            if (file.endsWith(".json") && object.key().equals(TAGS_DIR + "/" + file)) {
                read(file.substring(0, file.length() - ".json".length())).ifPresent(tags::add);
            }
        }
        tags.sort(Comparator.comparing(Tag::name));
        return tags;
    }

    /** The tag called {@code name}, or {@link NotFoundException}. */
    public Tag get(String name) {
        validateName(name);
        return read(name)
                .orElseThrow(() ->
                        new NotFoundException("tag '" + name + "' does not exist in " + storage.describe(TAGS_DIR)));
    }

    /** Creates a tag on an existing version of the main branch; fails if the tag exists. */
    public Tag create(String name, long version) {
        validateName(name);
        return create(name, Optional.empty(), manifests.locate(version));
    }

    /**
     * Creates a tag on the version of {@code branch} (empty for main) whose manifest is at {@code location} in that
     * branch's root; fails if the tag exists.
     */
    public Tag create(String name, Optional<String> branch, ManifestStore.Location location) {
        validateName(name);
        Instant now = clock.instant();
        Tag tag = new Tag(
                name, branch, location.version(), location.size(), Optional.of(now), Optional.of(now), Map.of());
        try {
            storage.putIfAbsent(key(name), encode(tag));
        } catch (ObjectAlreadyExistsException e) {
            throw new LanceException("tag '" + name + "' already exists: " + storage.describe(key(name)));
        } catch (IOException e) {
            throw new LanceIOException("cannot write " + storage.describe(key(name)), e);
        }
        return tag;
    }

    /** Points an existing tag at another existing version of the main branch. */
    public Tag update(String name, long version) {
        get(name);
        return update(name, Optional.empty(), manifests.locate(version));
    }

    /** Points an existing tag at the version of {@code branch} whose manifest is at {@code location}. */
    public Tag update(String name, Optional<String> branch, ManifestStore.Location location) {
        Tag old = get(name);
        Tag tag = new Tag(
                name,
                branch,
                location.version(),
                location.size(),
                old.createdAt(),
                Optional.of(clock.instant()),
                old.metadata());
        try {
            storage.replace(key(name), encode(tag));
        } catch (IOException e) {
            throw new LanceIOException("cannot write " + storage.describe(key(name)), e);
        }
        return tag;
    }

    /** Deletes a tag; fails with {@link NotFoundException} if it does not exist. */
    public void delete(String name) {
        validateName(name);
        try {
            if (!storage.delete(key(name))) {
                throw new NotFoundException("tag '" + name + "' does not exist in " + storage.describe(TAGS_DIR));
            }
        } catch (IOException e) {
            throw new LanceIOException("cannot delete " + storage.describe(key(name)), e);
        }
    }

    /**
     * Lance's tag-name rules: non-empty; only letters, digits, '.', '-', '_'; not starting or ending with '.';
     * no "..", not ending in ".lock".
     */
    public static void validateName(String name) {
        boolean ok = name != null
                && !name.isEmpty()
                && !name.startsWith(".")
                && !name.endsWith(".")
                && !name.endsWith(".lock")
                && !name.contains("..")
                && name.codePoints().allMatch(c -> Character.isLetterOrDigit(c) || c == '.' || c == '-' || c == '_');
        if (!ok) {
            throw new IllegalArgumentException("invalid tag name '" + name
                    + "': use letters, digits, '.', '-', '_'; no leading/trailing '.', no '..', no '.lock' suffix");
        }
    }

    private static String key(String name) {
        return TAGS_DIR + "/" + name + ".json";
    }

    private Optional<Tag> read(String name) {
        String key = key(name);
        Optional<byte[]> bytes;
        try {
            bytes = storage.readIfExists(key);
        } catch (IOException e) {
            throw new LanceIOException("cannot read " + storage.describe(key), e);
        }
        return bytes.map(b -> decode(name, b, storage.describe(key)));
    }

    static Tag decode(String name, byte[] bytes, String where) {
        try {
            JsonNode node = Json.MAPPER.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw new CorruptFileException(where, "tag file is not a JSON object");
            }
            JsonNode version = node.get("version");
            if (version == null || !version.canConvertToExactIntegral() || version.asLong() < 0) {
                throw new CorruptFileException(where, "tag file has no valid \"version\"");
            }
            JsonNode branch = node.get("branch");
            Map<String, String> metadata = new LinkedHashMap<>();
            JsonNode meta = node.get("metadata");
            if (meta != null && meta.isObject()) {
                meta.fields()
                        .forEachRemaining(
                                e -> metadata.put(e.getKey(), e.getValue().asText()));
            }
            return new Tag(
                    name,
                    branch == null || branch.isNull() ? Optional.empty() : Optional.of(branch.asText()),
                    version.asLong(),
                    node.path("manifestSize").asLong(0),
                    instant(node.get("createdAt"), where),
                    instant(node.get("updatedAt"), where),
                    metadata);
        } catch (IOException e) {
            throw new CorruptFileException(where, "tag file is not valid JSON: " + e.getMessage(), e);
        }
    }

    static byte[] encode(Tag tag) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        if (tag.branch().isPresent()) {
            node.put("branch", tag.branch().get());
        } else {
            node.putNull("branch");
        }
        node.put("version", tag.version());
        tag.createdAt().ifPresent(t -> node.put("createdAt", t.toString()));
        tag.updatedAt().ifPresent(t -> node.put("updatedAt", t.toString()));
        node.put("manifestSize", tag.manifestSize());
        ObjectNode metadata = node.putObject("metadata");
        tag.metadata().forEach(metadata::put);
        try {
            return Json.MAPPER.writer(PRETTY).writeValueAsString(node).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode tag " + tag.name(), e);
        }
    }

    private static Optional<Instant> instant(JsonNode node, String where) {
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(node.asText()));
        } catch (DateTimeParseException e) {
            throw new CorruptFileException(where, "tag file has an invalid timestamp '" + node.asText() + "'");
        }
    }

    /** Created on first use: an ObjectMapper is slow to set up, and most opens read no tag. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }
}
