package dev.plainlance.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Compile-level parity with the official Java API: for each public method and constructor of the official classes
 * below, plainlance's class of the same name (under {@code dev.plainlance.lance}) must have one a caller's code
 * compiles against unchanged once the imports change: same name, same static-ness, the same number of parameters,
 * each accepting the official argument type (its plainlance twin for {@code org.lance} types, {@code ArrowReader}
 * for the C stream {@code ArrowArrayStream}, primitive widening allowed), and a result assignable to the official
 * one. Each method that plainlance lacks on purpose is on {@code api-parity-exclusions.tsv} with its reason; an
 * entry that no longer names a missing method fails the test too, so the list stays short and true.
 */
class ApiParityTest {
    private static final List<String> CLASSES =
            List.of("Dataset", "Fragment", "WriteParams", "ReadOptions", "ipc.ScanOptions", "merge.MergeInsertParams");
    private static final String OFFICIAL = "org.lance.";
    private static final String PLAINLANCE = "dev.plainlance.lance.";
    private static final String EXCLUSIONS = "api-parity-exclusions.tsv";
    /**
     * Official classes (or packages, ending in a dot) that live elsewhere in plainlance; the porting guide in the
     * README lists the same import changes.
     */
    static final Map<String, String> RELOCATED = Map.of(
            "org.lance.compaction.", "dev.plainlance.lance.maintenance.",
            "org.lance.cleanup.", "dev.plainlance.lance.maintenance.",
            "org.lance.merge.MergeInsertResult", "dev.plainlance.lance.MergeInsertResult",
            "org.lance.fragment.FragmentMergeResult", "dev.plainlance.lance.FragmentMergeResult",
            "org.lance.fragment.FragmentUpdateResult", "dev.plainlance.lance.FragmentUpdateResult");

    @Test
    void everyOfficialMethodHasAPlainlanceTwinOrADocumentedExclusion() throws IOException {
        Map<String, String> exclusions = exclusions();
        List<String> missing = new ArrayList<>();
        List<String> stale = new ArrayList<>(exclusions.keySet());
        for (String name : CLASSES) {
            Class<?> official = load(OFFICIAL + name).orElseThrow();
            Class<?> ours = load(PLAINLANCE + name)
                    .orElseThrow(() -> new AssertionError("plainlance has no class " + PLAINLANCE + name));
            for (Executable each : officialMembers(official)) {
                String signature = signature(official, each);
                boolean present = each instanceof Method m ? hasMethod(ours, m) : hasConstructor(ours, each);
                if (exclusions.containsKey(signature)) {
                    if (!present) {
                        stale.remove(signature);
                    }
                } else if (!present) {
                    missing.add(signature);
                }
            }
        }
        assertTrue(
                missing.isEmpty(),
                "plainlance lacks these official methods (add them, or list them with a reason in " + EXCLUSIONS
                        + "):\n  " + String.join("\n  ", missing));
        assertTrue(
                stale.isEmpty(),
                "these entries of " + EXCLUSIONS + " name no missing official method any more; remove them:\n  "
                        + String.join("\n  ", stale));
    }

    @Test
    void everyExclusionHasAReason() throws IOException {
        Map<String, String> exclusions = exclusions();
        assertFalse(exclusions.isEmpty());
        exclusions.forEach((signature, reason) ->
                assertTrue(reason.length() >= 10, "the exclusion of " + signature + " gives no reason"));
    }

    @Test
    void theCheckSeesAMissingMethodAndAMismatchedParameter() {
        Class<?> official = load(OFFICIAL + "Dataset").orElseThrow();
        Class<?> ours = load(PLAINLANCE + "Dataset").orElseThrow();
        Method countRows = Arrays.stream(official.getDeclaredMethods())
                .filter(m -> m.getName().equals("countRows") && m.getParameterCount() == 1)
                .findFirst()
                .orElseThrow();
        assertTrue(hasMethod(ours, countRows));
        // the official countRows(String) has no twin on a class without it, nor on one taking another type
        assertFalse(hasMethod(Object.class, countRows));
        assertFalse(hasMethod(StringBuilder.class, countRows));
        assertEquals("Dataset.countRows(String)", signature(official, countRows));
    }

    private static List<Executable> officialMembers(Class<?> official) {
        List<Executable> members = new ArrayList<>();
        for (Method m : official.getDeclaredMethods()) {
            if (Modifier.isPublic(m.getModifiers()) && !m.isSynthetic() && !m.isBridge()) {
                members.add(m);
            }
        }
        for (Constructor<?> c : official.getDeclaredConstructors()) {
            if (Modifier.isPublic(c.getModifiers())) {
                members.add(c);
            }
        }
        return members;
    }

    private static boolean hasMethod(Class<?> ours, Method official) {
        for (Method m : ours.getMethods()) {
            if (m.getName().equals(official.getName())
                    && Modifier.isStatic(m.getModifiers()) == Modifier.isStatic(official.getModifiers())
                    && accepts(m.getParameterTypes(), official.getParameterTypes())
                    && returnsInto(m.getReturnType(), official.getReturnType())) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasConstructor(Class<?> ours, Executable official) {
        for (Constructor<?> c : ours.getConstructors()) {
            if (accepts(c.getParameterTypes(), official.getParameterTypes())) {
                return true;
            }
        }
        return false;
    }

    private static boolean accepts(Class<?>[] ours, Class<?>[] official) {
        if (ours.length != official.length) {
            return false;
        }
        for (int i = 0; i < ours.length; i++) {
            Optional<Class<?>> argument = twin(official[i]);
            if (argument.isEmpty() || !assignable(argument.get(), ours[i])) {
                return false;
            }
        }
        return true;
    }

    private static boolean returnsInto(Class<?> ours, Class<?> official) {
        if (official == void.class) {
            return true;
        }
        Optional<Class<?>> target = twin(official);
        return target.isPresent() && ours != void.class && assignable(ours, target.get());
    }

    /** Whether a value of type {@code from} can be passed or assigned where {@code to} is expected. */
    private static boolean assignable(Class<?> from, Class<?> to) {
        if (from.isPrimitive() || to.isPrimitive()) {
            return from == to || widens(from, to);
        }
        return to.isAssignableFrom(from);
    }

    private static boolean widens(Class<?> from, Class<?> to) {
        List<Class<?>> order = List.of(byte.class, short.class, int.class, long.class, float.class, double.class);
        int f = order.indexOf(from);
        int t = order.indexOf(to);
        return f >= 0 && t >= 0 && f < t;
    }

    /** The plainlance type a caller's value of official type {@code type} becomes after porting. */
    private static Optional<Class<?>> twin(Class<?> type) {
        if (type.isArray()) {
            return twin(type.getComponentType()).map(c -> c.arrayType());
        }
        if (type.getName().equals("org.apache.arrow.c.ArrowArrayStream")) {
            return load("org.apache.arrow.vector.ipc.ArrowReader");
        }
        for (Map.Entry<String, String> moved : RELOCATED.entrySet()) {
            if (type.getName().startsWith(moved.getKey())) {
                return load(moved.getValue()
                        + type.getName().substring(moved.getKey().length()));
            }
        }
        if (type.getName().startsWith(OFFICIAL)) {
            return load(PLAINLANCE + type.getName().substring(OFFICIAL.length()));
        }
        return Optional.of(type);
    }

    private static Optional<Class<?>> load(String name) {
        try {
            return Optional.of(Class.forName(name, false, ApiParityTest.class.getClassLoader()));
        } catch (ClassNotFoundException e) {
            return Optional.empty();
        }
    }

    /** {@code Dataset.take(List,List)}: the official class and member with its parameters' simple names. */
    static String signature(Class<?> owner, Executable member) {
        String name = member instanceof Constructor<?> ? "<init>" : member.getName();
        return owner.getName().substring(OFFICIAL.length()) + "." + name + "("
                + Arrays.stream(member.getParameterTypes())
                        .map(c -> c.getName().substring(c.getName().lastIndexOf('.') + 1))
                        .collect(Collectors.joining(","))
                + ")";
    }

    /** Signature to reason, from the tab-separated resource; lines starting with # are comments. */
    private static Map<String, String> exclusions() throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (InputStream in = ApiParityTest.class.getResourceAsStream(EXCLUSIONS)) {
            assertTrue(in != null, EXCLUSIONS + " is missing");
            BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            TreeSet<String> seen = new TreeSet<>();
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int tab = line.indexOf('\t');
                assertTrue(tab > 0, "line of " + EXCLUSIONS + " without a tab-separated reason: " + line);
                String signature = line.substring(0, tab).trim();
                assertTrue(seen.add(signature), "listed twice in " + EXCLUSIONS + ": " + signature);
                out.put(signature, line.substring(tab + 1).trim());
            }
        }
        return out;
    }
}
