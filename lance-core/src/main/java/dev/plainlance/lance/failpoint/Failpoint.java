package dev.plainlance.lance.failpoint;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.regex.Pattern;

/**
 * A named point in a write or recovery path where a test (or {@code --halt-at}) may stop the program as a crash
 * would. Failpoints are declared once as constants ({@code static final Failpoint X = Failpoint.define(...)}) in a
 * {@code *Failpoints} class of the module that owns the path, and call sites pass the constant to
 * {@link Failpoints#hit}; names are never spelled at call sites.
 */
public final class Failpoint implements Comparable<Failpoint> {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*(\\.[a-z][a-z0-9_]*)+");
    private static final Map<String, Failpoint> DEFINED = new ConcurrentSkipListMap<>();

    private final String name;
    private final String description;

    private Failpoint(String name, String description) {
        this.name = name;
        this.description = description;
    }

    /**
     * Declares a failpoint. Names are dotted lower case, module first ({@code "dataset.commit.manifest_written"}).
     *
     * @throws IllegalArgumentException if the name is malformed or already declared
     */
    public static Failpoint define(String name, String description) {
        Objects.requireNonNull(description, "description");
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "failpoint name must be dotted lower case, e.g. 'dataset.commit.x': " + name);
        }
        Failpoint point = new Failpoint(name, description);
        if (DEFINED.putIfAbsent(name, point) != null) {
            throw new IllegalArgumentException("failpoint " + name + " is declared twice");
        }
        return point;
    }

    /** The failpoint declared under {@code name}, among those whose declaring class has been loaded. */
    public static Failpoint named(String name) {
        Failpoint point = DEFINED.get(name);
        if (point == null) {
            throw new IllegalArgumentException(
                    "unknown failpoint '" + name + "'; known: " + String.join(", ", DEFINED.keySet()));
        }
        return point;
    }

    /** Every failpoint declared so far, by name. Load the declaring classes first (see each module's {@code ALL}). */
    public static List<Failpoint> declared() {
        return List.copyOf(DEFINED.values());
    }

    public String name() {
        return name;
    }

    public String description() {
        return description;
    }

    @Override
    public int compareTo(Failpoint other) {
        return name.compareTo(other.name);
    }

    @Override
    public String toString() {
        return name;
    }
}
