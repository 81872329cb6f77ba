package dev.plainlance.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Failpoint names are never spelled at call sites: main sources of every module pass constants to
 * {@code Failpoints.hit} or {@code Env.hit}, and only {@code Failpoint.define} (in a {@code *Failpoints} class) holds a name.
 */
class FailpointNamesTest {
    /** A failpoint reached: through the process-wide switch, an {@code Env}, or a handler. */
    private static final Pattern HIT = Pattern.compile("(Failpoints\\.hit|\\benv\\.hit|failpoints\\.reached)\\(");

    private static final Pattern LITERAL_HIT =
            Pattern.compile("(Failpoints\\.hit|\\benv\\.hit|failpoints\\.reached)\\(\\s*\"");
    private static final Pattern DEFINE = Pattern.compile("Failpoint\\.define\\(");

    @Test
    void callSitesUseConstants() throws IOException {
        Path repository = Path.of("").toAbsolutePath().getParent();
        List<Path> sources;
        try (Stream<Path> files = Files.walk(repository)) {
            sources = files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> p.toString().contains("/src/main/java/"))
                    .toList();
        }
        assertTrue(sources.size() > 100, "found the main sources of every module under " + repository);
        List<String> offenders = new ArrayList<>();
        int hits = 0;
        for (Path source : sources) {
            String text = read(source);
            hits += (int) HIT.matcher(text).results().count();
            if (LITERAL_HIT.matcher(text).find()) {
                offenders.add(source + ": a failpoint reached with a string");
            }
            if (DEFINE.matcher(text).find()
                    && !source.getFileName().toString().endsWith("Failpoints.java")
                    && !source.getFileName().toString().equals("Failpoint.java")) {
                offenders.add(source + ": Failpoint.define outside a *Failpoints class");
            }
        }
        assertEquals(List.of(), offenders);
        assertTrue(hits >= 15, "the write paths do pass failpoints (" + hits + " call sites)");
    }

    private static String read(Path source) {
        try {
            return Files.readString(source);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
