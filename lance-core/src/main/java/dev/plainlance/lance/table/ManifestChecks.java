package dev.plainlance.lance.table;

import dev.plainlance.lance.error.CorruptFileException;
import dev.plainlance.lance.pb.file.Field;
import dev.plainlance.lance.pb.table.DataFile;
import dev.plainlance.lance.pb.table.DataFragment;
import dev.plainlance.lance.pb.table.Manifest;
import java.util.Arrays;
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
        int[] required = requiredLeaves(manifest, parents);
        checkFragmentIdsUnique(manifest, file);
        for (DataFragment fragment : manifest.getFragmentsList()) {
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
            for (DataFile dataFile : fragment.getFilesList()) {
                checkDataFile(dataFile, fragment, file);
                if (dataFile.hasBaseId() && !bases.contains(dataFile.getBaseId())) {
                    throw new CorruptFileException(
                            file,
                            where(dataFile, fragment) + " names base path " + dataFile.getBaseId()
                                    + ", which is not listed");
                }
            }
            if (fragment.getFilesCount() > 0 && fragment.getPhysicalRows() > 0) {
                int missing = firstMissing(required, fragment);
                if (missing >= 0) {
                    Field field = manifest.getFieldsList().stream()
                            .filter(f -> f.getId() == missing)
                            .findFirst()
                            .orElseThrow();
                    throw new CorruptFileException(
                            file,
                            where(fragment) + ": no data file holds the non-nullable field " + missing + " ('"
                                    + field.getName() + "')");
                }
            }
        }
    }

    /** The ids of the schema's non-nullable leaf fields, in schema order. */
    private static int[] requiredLeaves(Manifest manifest, Set<Integer> parents) {
        return manifest.getFieldsList().stream()
                .filter(field -> !field.getNullable() && !parents.contains(field.getId()))
                .mapToInt(Field::getId)
                .toArray();
    }

    /** Fragment ids are unique; checked in one pass when they ascend, as writers keep them. */
    private static void checkFragmentIdsUnique(Manifest manifest, String file) {
        int n = manifest.getFragmentsCount();
        long previous = Long.MIN_VALUE;
        boolean ascending = true;
        for (int i = 0; i < n && ascending; i++) {
            long id = manifest.getFragments(i).getId();
            ascending = i == 0 || Long.compareUnsigned(id, previous) > 0;
            previous = id;
        }
        if (ascending) {
            return;
        }
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) {
            ids[i] = manifest.getFragments(i).getId();
        }
        Arrays.sort(ids);
        for (int i = 1; i < n; i++) {
            if (ids[i] == ids[i - 1]) {
                throw new CorruptFileException(file, "fragment id " + Long.toUnsignedString(ids[i]) + " appears twice");
            }
        }
    }

    /** The first of {@code required} that no data file of {@code fragment} supplies, or -1. */
    private static int firstMissing(int[] required, DataFragment fragment) {
        if (required.length > 16) {
            Set<Integer> supplied = new HashSet<>();
            for (DataFile dataFile : fragment.getFilesList()) {
                supplied.addAll(dataFile.getFieldsList());
            }
            for (int id : required) {
                if (!supplied.contains(id)) {
                    return id;
                }
            }
            return -1;
        }
        for (int id : required) {
            if (!supplies(fragment, id)) {
                return id;
            }
        }
        return -1;
    }

    private static boolean supplies(DataFragment fragment, int id) {
        for (int f = 0; f < fragment.getFilesCount(); f++) {
            DataFile dataFile = fragment.getFiles(f);
            for (int i = 0; i < dataFile.getFieldsCount(); i++) {
                if (dataFile.getFields(i) == id) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String where(DataFragment fragment) {
        return "fragment " + fragment.getId();
    }

    private static void checkDataFile(DataFile dataFile, DataFragment fragment, String file) {
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
