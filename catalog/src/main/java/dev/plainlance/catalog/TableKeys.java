package dev.plainlance.catalog;

import dev.plainlance.lance.io.Keys;
import java.util.regex.Pattern;

/**
 * Validation of table keys, branch names and table paths. Writers check names before they write anything, so a
 * bad name never leaves a sidecar or a table folder behind.
 */
public final class TableKeys {
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.:-]{0,127}");

    private TableKeys() {}

    private static final String RULE = "it must start with a letter, digit or '_' and continue with letters, digits,"
            + " '_', '.', ':' or '-', at most 128 characters in all";

    /** Returns {@code key} if it is a valid table key; else throws {@link InvalidNameException}. */
    public static String check(String key) {
        if (key == null || !KEY.matcher(key).matches()) {
            throw new InvalidNameException("invalid table key " + escaped(key) + ": " + RULE);
        }
        return key;
    }

    /** Returns {@code branch} if it is a valid branch name; else throws {@link InvalidNameException}. */
    public static String checkBranch(String branch) {
        if (branch == null || !KEY.matcher(branch).matches()) {
            throw new InvalidNameException("invalid branch name " + escaped(branch) + ": " + RULE);
        }
        return branch;
    }

    /** {@code name} quoted, with quotes, backslashes, control and non-ASCII characters as escapes. */
    public static String escaped(String name) {
        if (name == null) {
            return "(none)";
        }
        StringBuilder out = new StringBuilder("'");
        name.codePoints().forEach(c -> {
            if (c == '\\' || c == '\'') {
                out.append('\\').appendCodePoint(c);
            } else if (c >= 0x20 && c < 0x7f) {
                out.appendCodePoint(c);
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '\t') {
                out.append("\\t");
            } else {
                out.append(String.format(java.util.Locale.ROOT, "\\u{%x}", c));
            }
        });
        return out.append('\'').toString();
    }

    /** Returns {@code path} if it is a valid table path; else throws {@link InvalidNameException}. */
    public static String checkPath(String path) {
        try {
            Keys.check(path);
        } catch (IllegalArgumentException e) {
            throw new InvalidNameException("invalid table path " + escaped(path) + ": it must be relative to the"
                    + " catalog root, without '.' or '..' segments");
        }
        if (path.startsWith("__") || path.startsWith("_recoveries")) {
            throw new InvalidNameException("invalid table path " + escaped(path) + ": reserved for the catalog");
        }
        return path;
    }
}
