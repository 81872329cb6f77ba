package dev.plainlance.lance.table;

/** Lance's branch-name rules and where a branch's files go. */
public final class BranchNames {
    /** Directory of the branch dataset roots, below the main root. */
    public static final String TREE_DIR = "tree";

    private BranchNames() {}

    /**
     * Throws {@link IllegalArgumentException} naming the problem unless {@code name} is a valid branch name:
     * non-empty; '/'-separated segments of letters, digits, '.', '-', '_'; no leading, trailing or double '/'; no
     * "..", no '\'; not ending in ".lock"; not "main".
     */
    public static String validate(String name) {
        String problem = problem(name);
        if (problem != null) {
            throw new IllegalArgumentException("invalid branch name '" + name + "': " + problem);
        }
        return name;
    }

    private static String problem(String name) {
        if (name == null || name.isEmpty()) {
            return "it is empty";
        }
        if (name.startsWith("/") || name.endsWith("/")) {
            return "it starts or ends with '/'";
        }
        if (name.contains("//")) {
            return "it contains '//'";
        }
        if (name.contains("..") || name.contains("\\")) {
            return "it contains '..' or '\\'";
        }
        if (name.endsWith(".lock")) {
            return "it ends with '.lock'";
        }
        if (name.equals("main")) {
            return "'main' names the main branch";
        }
        for (String segment : name.split("/")) {
            if (!segment.codePoints().allMatch(c -> Character.isLetterOrDigit(c) || c == '.' || c == '-' || c == '_')) {
                return "segment '" + segment + "' may only hold letters, digits, '.', '-', '_'";
            }
        }
        return null;
    }

    /** The key of the branch's dataset root below the main root: {@code tree/{name}}. */
    public static String rootKey(String name) {
        return TREE_DIR + "/" + validate(name);
    }

    /** The name of the branch's JSON file: '/' is written "%2F", as object stores encode a path segment. */
    static String fileName(String name) {
        return name.replace("/", "%2F") + ".json";
    }

    /** The branch named by a JSON file name, or null if it is not one. */
    static String fromFileName(String file) {
        if (!file.endsWith(".json")) {
            return null;
        }
        return file.substring(0, file.length() - ".json".length()).replace("%2F", "/");
    }
}
