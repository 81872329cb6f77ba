package dev.plainlance.lance.io;

/** An object listed by {@link Storage#list}: its key and size in bytes. */
public record ObjectInfo(String key, long size) {

    /** The last '/'-separated segment of the key. */
    public String fileName() {
        int slash = key.lastIndexOf('/');
        return slash < 0 ? key : key.substring(slash + 1);
    }
}
