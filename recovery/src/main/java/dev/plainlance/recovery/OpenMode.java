package dev.plainlance.recovery;

/** How a catalog session is opened. */
public enum OpenMode {
    /** Runs the recovery sweep at open and allows writes. */
    READ_WRITE,
    /** Never writes anything: reads through the pins and only reports pending sidecars. */
    READ_ONLY
}
