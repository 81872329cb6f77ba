package dev.plainlance.lance.io;

/** Validation and joining of storage keys. */
public final class Keys {
    private Keys() {}

    /** Joins segments with '/', dropping empty ones. */
    public static String join(String... parts) {
        StringBuilder out = new StringBuilder();
        for (String part : parts) {
            String p = trimSlashes(part);
            if (p.isEmpty()) {
                continue;
            }
            if (out.length() > 0) {
                out.append('/');
            }
            out.append(p);
        }
        return out.toString();
    }

    /** Throws {@link IllegalArgumentException} unless {@code key} is a valid object key. */
    public static String check(String key) {
        if (key == null || key.isEmpty() || key.startsWith("/") || key.endsWith("/")) {
            throw new IllegalArgumentException("invalid storage key: '" + key + "'");
        }
        for (String segment : key.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("invalid storage key: '" + key + "'");
            }
        }
        return key;
    }

    private static String trimSlashes(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && s.charAt(start) == '/') {
            start++;
        }
        while (end > start && s.charAt(end - 1) == '/') {
            end--;
        }
        return s.substring(start, end);
    }
}
