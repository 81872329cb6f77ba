package dev.plainlance.lance.table;

import dev.plainlance.lance.error.CorruptFileException;
import dev.plainlance.lance.pb.file.Field;
import dev.plainlance.lance.pb.table.DataFile;
import dev.plainlance.lance.pb.table.DataFragment;
import dev.plainlance.lance.pb.table.Manifest;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a manifest says about itself and its files that can be checked without reading a data file. A manifest has
 * no checksum, so damage would otherwise show as wrong answers (a NOT NULL column read as nulls, a row count no
 * scan returns, a format version that does not exist); each check refuses the manifest with a {@link
 * CorruptFileException} naming it.
 */
final class ManifestChecks {
    /** File format versions (major.minor) that Lance files carry: legacy 0.1-0.3 and 2.0-2.3. */
    private static final Pattern FORMAT_VERSION = Pattern.compile("0\\.[1-3]|2\\.[0-3]");

    private static final Set<String> FORMAT_ALIASES = Set.of("legacy", "stable", "next");

    /** Field id that marks a superseded field in a data file's {@code fields}. */
    private static final int SUPERSEDED = -2;

    private ManifestChecks() {}

    /** @throws CorruptFileException naming {@code file} at the first inconsistency */
    static void check(Manifest manifest, String file) {
        Set<Integer> parents = new HashSet<>();
        for (Field field : manifest.getFieldsList()) {
            parents.add(field.getParentId());
        }
        String dataFormat = manifest.getDataFormat().getVersion();
        if (!dataFormat.isEmpty()
                && !FORMAT_VERSION.matcher(dataFormat).matches()
                && !FORMAT_ALIASES.contains(dataFormat)) {
            throw new CorruptFileException(file, "unknown data storage format version \"" + dataFormat + "\"");
        }
        Set<Integer> bases = new HashSet<>();
        for (dev.plainlance.lance.pb.table.BasePath base : manifest.getBasePathsList()) {
            if (!bases.add(base.getId())) {
                throw new CorruptFileException(file, "base path id " + base.getId() + " appears twice");
            }
            if (base.getPath().isEmpty()) {
                throw new CorruptFileException(file, "base path " + base.getId() + " has no path");
            }
        }
        Set<Long> fragmentIds = new HashSet<>();
        for (DataFragment fragment : manifest.getFragmentsList()) {
            if (!fragmentIds.add(fragment.getId())) {
                throw new CorruptFileException(file, "fragment id " + fragment.getId() + " appears twice");
            }
            if (manifest.hasMaxFragmentId() && fragment.getId() > Integer.toUnsignedLong(manifest.getMaxFragmentId())) {
                throw new CorruptFileException(
                        file,
                        where(fragment) + " has an id above the manifest's max fragment id "
                                + manifest.getMaxFragmentId());
            }
            if (fragment.hasDeletionFile()
                    && fragment.getDeletionFile().getNumDeletedRows() > fragment.getPhysicalRows()) {
                throw new CorruptFileException(
                        file,
                        where(fragment) + " deletes "
                                + fragment.getDeletionFile().getNumDeletedRows() + " rows but has only "
                                + fragment.getPhysicalRows());
            }
            if (fragment.hasDeletionFile()
                    && fragment.getDeletionFile().hasBaseId()
                    && !bases.contains(fragment.getDeletionFile().getBaseId())) {
                throw new CorruptFileException(
                        file,
                        where(fragment) + "'s deletion file names base path "
                                + fragment.getDeletionFile().getBaseId() + ", which is not listed");
            }
            Set<Integer> supplied = new HashSet<>();
            for (DataFile dataFile : fragment.getFilesList()) {
                checkDataFile(dataFile, fragment, supplied, file);
                if (dataFile.hasBaseId() && !bases.contains(dataFile.getBaseId())) {
                    throw new CorruptFileException(
                            file,
                            where(dataFile, fragment) + " names base path " + dataFile.getBaseId()
                                    + ", which is not listed");
                }
            }
            if (fragment.getFilesCount() > 0 && fragment.getPhysicalRows() > 0) {
                for (Field field : manifest.getFieldsList()) {
                    boolean leaf = !parents.contains(field.getId());
                    if (leaf && !field.getNullable() && !supplied.contains(field.getId())) {
                        throw new CorruptFileException(
                                file,
                                where(fragment) + ": no data file holds the non-nullable field " + field.getId() + " ('"
                                        + field.getName() + "')");
                    }
                }
            }
        }
    }

    private static String where(DataFragment fragment) {
        return "fragment " + fragment.getId();
    }

    private static void checkDataFile(DataFile dataFile, DataFragment fragment, Set<Integer> supplied, String file) {
        String path = dataFile.getPath();
        if (!isRelativeDataPath(path)) {
            throw new CorruptFileException(file, where(dataFile, fragment) + ": not a relative path inside data/");
        }
        if (!isFormatVersion(dataFile.getFileMajorVersion(), dataFile.getFileMinorVersion())) {
            throw new CorruptFileException(
                    file,
                    where(dataFile, fragment) + ": unknown file format version " + dataFile.getFileMajorVersion() + "."
                            + dataFile.getFileMinorVersion());
        }
        if (dataFile.getColumnIndicesCount() != 0 && dataFile.getColumnIndicesCount() != dataFile.getFieldsCount()) {
            throw new CorruptFileException(
                    file,
                    where(dataFile, fragment) + " lists " + dataFile.getFieldsCount() + " fields but "
                            + dataFile.getColumnIndicesCount() + " column indices");
        }
        for (int i = 0; i < dataFile.getFieldsCount(); i++) {
            int id = dataFile.getFields(i);
            if (id == SUPERSEDED) {
                continue;
            }
            // an id the schema lacks is a dropped column whose data file was kept: legal
            if (id < 0) {
                throw new CorruptFileException(file, where(dataFile, fragment) + " holds the invalid field id " + id);
            }
            supplied.add(id);
        }
    }

    private static String where(DataFile dataFile, DataFragment fragment) {
        return where(fragment) + ", data file \"" + dataFile.getPath() + "\"";
    }

    /** Lance file versions 0.1-0.3 (legacy) and 2.0-2.3. */
    private static boolean isFormatVersion(int major, int minor) {
        return (major == 0 && minor >= 1 && minor <= 3) || (major == 2 && minor >= 0 && minor <= 3);
    }

    /** Non-empty, relative, '/'-separated, without empty, "." or ".." segments, backslashes or control bytes. */
    private static boolean isRelativeDataPath(String path) {
        if (path.isEmpty() || path.charAt(0) == '/' || path.charAt(path.length() - 1) == '/') {
            return false;
        }
        int segmentStart = 0;
        for (int i = 0; i <= path.length(); i++) {
            char c = i < path.length() ? path.charAt(i) : '/';
            if (c < 0x20 || c == 0x7f || c == '\\') {
                return false;
            }
            if (c == '/') {
                int length = i - segmentStart;
                if (length == 0
                        || (length == 1 && path.charAt(segmentStart) == '.')
                        || (length == 2 && path.charAt(segmentStart) == '.' && path.charAt(segmentStart + 1) == '.')) {
                    return false;
                }
                segmentStart = i + 1;
            }
        }
        return true;
    }
}
