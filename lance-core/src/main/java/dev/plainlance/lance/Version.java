package dev.plainlance.lance;

import java.time.ZonedDateTime;
import java.util.SortedMap;

/**
 * One committed version of a dataset: its number, commit time (UTC) and manifest summary.
 * Mirrors {@code org.lance.Version}.
 */
public record Version(long id, ZonedDateTime dataTime, ManifestSummary summary) {

    public long getId() {
        return id;
    }

    public ZonedDateTime getDataTime() {
        return dataTime;
    }

    public SortedMap<String, String> getMetadata() {
        return summary.asMetadata();
    }

    public ManifestSummary getManifestSummary() {
        return summary;
    }
}
