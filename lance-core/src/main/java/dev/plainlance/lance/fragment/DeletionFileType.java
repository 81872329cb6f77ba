package dev.plainlance.lance.fragment;

/** Deletion vector encodings: {@code .arrow} Arrow IPC array ({@code ARRAY}) or {@code .bin} Roaring bitmap. */
public enum DeletionFileType {
    ARRAY("arrow"),
    BITMAP("bin");

    private final String extension;

    DeletionFileType(String extension) {
        this.extension = extension;
    }

    /** File name extension, without the dot. */
    public String extension() {
        return extension;
    }
}
