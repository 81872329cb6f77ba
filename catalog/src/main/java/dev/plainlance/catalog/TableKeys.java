package dev.plainlance.catalog;

import dev.plainlance.lance.io.Keys;
import java.util.regex.Pattern;

/** Validation of table keys, branch names and table paths. */
final class TableKeys {
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.:-]{0,127}");

    private TableKeys() {}

    static String check(String key) {
        if (key == null || !KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("invalid table key '" + key
                    + "': use letters, digits, '_', '.', ':' or '-', at most 128 characters");
        }
        return key;
    }

    static String checkBranch(String branch) {
        if (branch == null || !KEY.matcher(branch).matches()) {
            throw new IllegalArgumentException("invalid branch name '" + branch + "'");
        }
        return branch;
    }

    static String checkPath(String path) {
        try {
            Keys.check(path);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid table path '" + path + "': it must be relative to the"
                    + " catalog root, without '.' or '..' segments");
        }
        if (path.startsWith("__") || path.startsWith("_recoveries")) {
            throw new IllegalArgumentException("invalid table path '" + path + "': reserved for the catalog");
        }
        return path;
    }
}
