package dev.plainlance.lance.file.format;

/** Lance data file format versions this reader understands. */
public enum LanceFileVersion {
    V2_0(2, 0),
    V2_1(2, 1),
    V2_2(2, 2),
    V2_3(2, 3);

    private final int major;
    private final int minor;

    LanceFileVersion(int major, int minor) {
        this.major = major;
        this.minor = minor;
    }

    /** The footer's minor version number (3 for 2.0, whose footer says 0.3). */
    public int footerMinor() {
        return this == V2_0 ? 3 : minor;
    }

    /** The footer's major version number (0 for 2.0, whose footer says 0.3). */
    public int footerMajor() {
        return this == V2_0 ? 0 : major;
    }

    /** The minor version a manifest's data file entry records (0 for 2.0). */
    public int minor() {
        return minor;
    }

    /** True for 2.1 and later (structural encodings, one column per leaf field). */
    public boolean isStructural() {
        return this != V2_0;
    }

    /** Maps the footer's version numbers; 2.0 files say 0.3. Returns null if unknown. */
    public static LanceFileVersion fromFooter(int major, int minor) {
        if (major == 0 && minor == 3) {
            return V2_0;
        }
        for (LanceFileVersion version : values()) {
            if (version.major == major && version.minor == minor) {
                return version;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return major + "." + minor;
    }
}
