package dev.plainlance.lance.file.write;

/** Where a column writer puts its finished pages. */
interface PageWriter {
    /** Takes page {@code page} of column {@code column}; pages of one column arrive in row order. */
    void writePage(int column, EncodedPage page);
}
