package dev.plainlance.lance.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.lance.error.CorruptFileException;
import dev.plainlance.lance.error.LanceException;
import dev.plainlance.lance.error.NotFoundException;
import dev.plainlance.lance.io.InMemoryStorage;
import dev.plainlance.lance.pb.table.Manifest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TagStoreTest {
    private static final Instant NOW = Instant.parse("2026-11-22T05:01:11.798382139Z");
    private final InMemoryStorage storage = new InMemoryStorage();
    private final ManifestStore manifests = new ManifestStore(storage);
    private final TagStore tags = new TagStore(manifests, Clock.fixed(NOW, ZoneOffset.UTC));

    @BeforeEach
    void twoVersions() throws Exception {
        for (long v = 1; v <= 2; v++) {
            storage.putIfAbsent(
                    ManifestNaming.V2.key(v),
                    new ManifestFile(Manifest.newBuilder().setVersion(v).build(), Optional.empty(), Optional.empty())
                            .encode());
        }
    }

    @Test
    void createWritesTheOfficialJsonShape() throws Exception {
        tags.create("first", 1);
        String json = new String(storage.read("_refs/tags/first.json"), StandardCharsets.UTF_8);
        long size = storage.size(ManifestNaming.V2.key(1));
        assertEquals(
                "{\n  \"branch\": null,\n  \"version\": 1,\n  \"createdAt\": \"2026-11-22T05:01:11.798382139Z\",\n"
                        + "  \"updatedAt\": \"2026-11-22T05:01:11.798382139Z\",\n  \"manifestSize\": " + size + ",\n"
                        + "  \"metadata\": {}\n}",
                json);
    }

    @Test
    void readsOfficialTagFiles() throws Exception {
        storage.replace(
                "_refs/tags/t1.json",
                ("{\n  \"branch\": null,\n  \"version\": 2,\n  \"createdAt\": "
                                + "\"2026-11-22T05:01:11.798382139Z\",\n  \"manifestSize\": 1353,\n  \"metadata\": {\"k\": \"v\"}\n}")
                        .getBytes(StandardCharsets.UTF_8));
        storage.replace("_refs/tags/t0.json", "{\"version\": 1}".getBytes(StandardCharsets.UTF_8));
        List<Tag> list = tags.list();
        assertEquals(List.of("t0", "t1"), list.stream().map(Tag::name).toList());
        Tag t1 = list.get(1);
        assertEquals(2, t1.version());
        assertEquals(1353, t1.manifestSize());
        assertEquals(Optional.empty(), t1.branch());
        assertEquals("v", t1.metadata().get("k"));
        assertEquals(Optional.of(Instant.parse("2026-11-22T05:01:11.798382139Z")), t1.createdAt());
    }

    @Test
    void createUpdateDelete() {
        tags.create("a", 1);
        assertThrows(LanceException.class, () -> tags.create("a", 2));
        assertEquals(1, tags.get("a").version());
        tags.update("a", 2);
        assertEquals(2, tags.get("a").version());
        tags.delete("a");
        assertThrows(NotFoundException.class, () -> tags.get("a"));
        assertThrows(NotFoundException.class, () -> tags.delete("a"));
        assertThrows(NotFoundException.class, () -> tags.update("a", 1));
    }

    @Test
    void taggingAMissingVersionFails() {
        assertThrows(NotFoundException.class, () -> tags.create("ghost", 9));
        assertTrue(tags.list().isEmpty());
    }

    @Test
    void namesFollowLanceRules() {
        for (String bad : List.of("", ".a", "a.", "a..b", "x.lock", "a/b", "a b", "a:b")) {
            assertThrows(IllegalArgumentException.class, () -> TagStore.validateName(bad), bad);
        }
        for (String good : List.of("v1", "release-2.0", "a_b", "größe")) {
            TagStore.validateName(good);
        }
    }

    @Test
    void malformedTagFilesAreTypedErrorsNamingTheFile() throws Exception {
        storage.replace("_refs/tags/bad.json", "{not json".getBytes(StandardCharsets.UTF_8));
        CorruptFileException e = assertThrows(CorruptFileException.class, () -> tags.get("bad"));
        assertTrue(e.getMessage().contains("bad.json"), e.getMessage());
        storage.replace("_refs/tags/bad.json", "{\"version\": -3}".getBytes(StandardCharsets.UTF_8));
        assertThrows(CorruptFileException.class, () -> tags.get("bad"));
        storage.replace("_refs/tags/bad.json", "[1]".getBytes(StandardCharsets.UTF_8));
        assertThrows(CorruptFileException.class, () -> tags.get("bad"));
    }
}
