package dev.plainlance.lance;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Datasets written by the official Lance 7.0.0 library, committed under src/test/resources/datasets. */
public final class FixtureDatasets {
    private FixtureDatasets() {}

    /** Local path of the fixture dataset {@code name}. */
    public static String path(String name) {
        URL url = FixtureDatasets.class.getResource("/datasets/" + name);
        if (url == null) {
            throw new IllegalArgumentException("no fixture dataset " + name);
        }
        try {
            Path path = Paths.get(url.toURI());
            return path.toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
