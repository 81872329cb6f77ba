package dev.plainlance.lance.table;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A named pointer to a version, stored as {@code _refs/tags/{name}.json}. Mirrors {@code org.lance.Tag}.
 *
 * @param branch empty for the main branch
 * @param manifestSize size in bytes of the tagged version's manifest file
 */
public record Tag(
        String name,
        Optional<String> branch,
        long version,
        long manifestSize,
        Optional<Instant> createdAt,
        Optional<Instant> updatedAt,
        Map<String, String> metadata) {

    public Tag {
        metadata = Map.copyOf(metadata);
    }

    public String getName() {
        return name;
    }

    public Optional<String> getBranch() {
        return branch;
    }

    public long getVersion() {
        return version;
    }

    public long getManifestSize() {
        return manifestSize;
    }

    public Optional<Instant> getCreatedAt() {
        return createdAt;
    }

    public Optional<Instant> getUpdatedAt() {
        return updatedAt;
    }

    public Map<String, String> getMetadata() {
        return metadata;
    }
}
