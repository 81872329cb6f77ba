package dev.plainlance.lance.io;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;

/**
 * {@link Storage} on a local POSIX file system.
 *
 * <p>{@link #putIfAbsent}: write a temp file beside the target, fsync it, hard-link it to the final name
 * ({@code link(2)} fails if the name exists, so exactly one racer wins), remove the temp file, fsync the
 * directory. {@link #replace}: write a temp file, fsync it, rename it over the target, fsync the directory.
 * {@link #replaceAdvisory}: overwrite the file in place, no fsync.
 * Temp files are named {@code {name}.plainlance-tmp-{uuid}}; they never end in {@code .manifest}, so Lance
 * readers ignore them, and {@link #list} hides them. A file written through {@link #create} is forced to disk in the
 * background while it is written and after {@link PendingObject#finishWriting()}, so that its commit waits for
 * little (see {@link LocalPendingFile}).
 *
 * <p>At {@link Durability#PROCESS_CRASH} the same steps run without the fsyncs, as official Lance 7.0.0 does on a
 * local file system. A commit then makes 6 fsyncs fewer: its data file, transaction file and manifest, and their
 * three directories.
 */
public final class LocalStorage implements Storage {
    static final String TEMP_MARKER = ".plainlance-tmp-";

    private final Path root;
    private final boolean fsync;

    /** Storage at {@code root} with {@link Durability#POWER_LOSS}. */
    public LocalStorage(Path root) {
        this(root, Durability.POWER_LOSS);
    }

    public LocalStorage(Path root, Durability durability) {
        this.root = root.toAbsolutePath().normalize();
        this.fsync = durability == Durability.POWER_LOSS;
    }

    @Override
    public Durability durability() {
        return fsync ? Durability.POWER_LOSS : Durability.PROCESS_CRASH;
    }

    public Path root() {
        return root;
    }

    /** The file that holds {@code key}. */
    public Path pathOf(String key) {
        return root.resolve(Keys.check(key));
    }

    @Override
    public byte[] read(String key) throws IOException {
        try {
            return Files.readAllBytes(pathOf(key));
        } catch (NoSuchFileException e) {
            throw new ObjectNotFoundException(describe(key));
        }
    }

    /** An open file channel: positioned reads without reopening the file. */
    @Override
    public RandomAccessSource openRandomAccess(String key) throws IOException {
        try {
            return FileChannelSource.open(pathOf(key));
        } catch (NoSuchFileException e) {
            throw new ObjectNotFoundException(describe(key));
        }
    }

    @Override
    public ByteBuffer readRange(String key, long offset, int length) throws IOException {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("negative range " + offset + "+" + length + " of " + describe(key));
        }
        try (FileChannel channel = FileChannel.open(pathOf(key), StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate(length);
            long position = offset;
            while (buffer.hasRemaining()) {
                int n = channel.read(buffer, position);
                if (n < 0) {
                    throw new EOFException("range " + offset + "+" + length + " is past the end (" + channel.size()
                            + " bytes) of " + describe(key));
                }
                position += n;
            }
            return buffer.flip();
        } catch (NoSuchFileException e) {
            throw new ObjectNotFoundException(describe(key));
        }
    }

    @Override
    public Optional<byte[]> readIfExists(String key) throws IOException {
        try {
            return Optional.of(Files.readAllBytes(pathOf(key)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public long size(String key) throws IOException {
        try {
            return Files.size(pathOf(key));
        } catch (NoSuchFileException e) {
            throw new ObjectNotFoundException(describe(key));
        }
    }

    @Override
    public List<ObjectInfo> list(String prefix) throws IOException {
        int slash = prefix.lastIndexOf('/');
        Path dir = slash < 0 ? root : root.resolve(prefix.substring(0, slash));
        List<ObjectInfo> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String key = root.relativize(file)
                        .toString()
                        .replace(file.getFileSystem().getSeparator(), "/");
                if (key.startsWith(prefix) && !key.contains(TEMP_MARKER) && Files.isRegularFile(file)) {
                    try {
                        out.add(new ObjectInfo(key, Files.size(file)));
                    } catch (NoSuchFileException racedWithDelete) {
                        // deleted while listing: not part of the listing
                    }
                }
            }
        } catch (java.io.UncheckedIOException e) {
            if (!(e.getCause() instanceof NoSuchFileException)) {
                throw e.getCause();
            }
        }
        return out;
    }

    @Override
    public void putIfAbsent(String key, byte[] data) throws IOException {
        Path target = pathOf(key);
        ensureDirectory(target.getParent());
        linkNew(key, target, writeTemp(target, data));
    }

    /** Publishes the written {@code temp} as {@code target} unless that exists, then makes the name durable. */
    private void linkNew(String key, Path target, Path temp) throws IOException {
        try {
            Files.createLink(target, temp);
        } catch (FileAlreadyExistsException e) {
            throw new ObjectAlreadyExistsException(describe(key));
        } finally {
            Files.deleteIfExists(temp);
        }
        fsyncDirectory(target.getParent());
    }

    /**
     * Writes and forces the temp files of all {@code objects} at once (on the sync threads), then links them in the
     * map's order and fsyncs each directory once: two rounds of waiting on the disk instead of two per object.
     */
    @Override
    public void putAllIfAbsent(Map<String, byte[]> objects) throws IOException {
        if (!fsync || objects.size() < 2) {
            Storage.super.putAllIfAbsent(objects);
            return;
        }
        List<Path> targets = new ArrayList<>(objects.size());
        for (String key : objects.keySet()) {
            Path target = pathOf(key);
            ensureDirectory(target.getParent());
            targets.add(target);
        }
        List<CompletableFuture<Path>> writes = new ArrayList<>(objects.size());
        int i = 0;
        for (byte[] data : objects.values()) {
            Path target = targets.get(i++);
            writes.add(CompletableFuture.supplyAsync(
                    () -> {
                        try {
                            return writeTemp(target, data);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    },
                    LocalPendingFile.SYNCS));
        }
        List<Path> temps = new ArrayList<>(objects.size());
        IOException failed = null;
        for (CompletableFuture<Path> write : writes) {
            try {
                temps.add(write.join());
            } catch (CompletionException e) {
                IOException cause = e.getCause() instanceof UncheckedIOException io
                        ? io.getCause()
                        : new IOException("cannot write a temp file under " + root, e.getCause());
                if (failed == null) {
                    failed = cause;
                } else {
                    failed.addSuppressed(cause);
                }
            }
        }
        try {
            if (failed != null) {
                throw failed;
            }
            for (int t = 0; t < targets.size(); t++) {
                try {
                    Files.createLink(targets.get(t), temps.get(t));
                } catch (FileAlreadyExistsException e) {
                    throw new ObjectAlreadyExistsException(targets.get(t).toString());
                }
            }
        } finally {
            for (Path temp : temps) {
                Files.deleteIfExists(temp);
            }
        }
        for (Path dir :
                new LinkedHashSet<>(targets.stream().map(Path::getParent).toList())) {
            fsyncDirectory(dir);
        }
    }

    /**
     * Writes and forces {@code key}'s temp file on a sync thread while {@code first} runs on the caller's, then
     * links it once {@code first} has returned and fsyncs its directory: the two wait on the disk at once.
     */
    @Override
    public void putIfAbsentAfter(StorageCall<?> first, String key, byte[] data) throws IOException {
        if (!fsync) {
            Storage.super.putIfAbsentAfter(first, key, data);
            return;
        }
        Path target = pathOf(key);
        ensureDirectory(target.getParent());
        CompletableFuture<Path> written = CompletableFuture.supplyAsync(
                () -> {
                    try {
                        return writeTemp(target, data);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                },
                LocalPendingFile.SYNCS);
        try {
            first.call();
        } catch (IOException | RuntimeException | Error e) {
            Path temp = written.handle((path, failure) -> path).join();
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException cleanup) {
                    e.addSuppressed(cleanup);
                }
            }
            throw e;
        }
        Path temp;
        try {
            temp = written.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof UncheckedIOException io
                    ? io.getCause()
                    : new IOException("cannot write " + describe(key), e.getCause());
        }
        linkNew(key, target, temp);
    }

    @Override
    public PendingObject create(String key) throws IOException {
        Path target = pathOf(key);
        ensureDirectory(target.getParent());
        return new LocalPendingFile(
                target, tempFor(target), describe(key), fsync, () -> fsyncDirectory(target.getParent()));
    }

    @Override
    public void replace(String key, byte[] data) throws IOException {
        Path target = pathOf(key);
        ensureDirectory(target.getParent());
        Path temp = writeTemp(target, data);
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.deleteIfExists(temp);
            throw new IOException("the file system cannot rename atomically: " + describe(key), e);
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        fsyncDirectory(target.getParent());
    }

    /**
     * Overwrites the file in place, without fsyncs: a reader may see the old bytes, the new ones or a mix, and a
     * crash may leave any of them. Renaming a temp file over the old one, as {@link #replace} does, makes ext4 write
     * the new bytes out at once, which costs a commit more than the hint is worth. A file with other hard links (a
     * copy made with {@code cp -l}) is replaced by a rename instead, so that the copy keeps its bytes.
     */
    @Override
    public void replaceAdvisory(String key, byte[] data) throws IOException {
        Path target = pathOf(key);
        ensureDirectory(target.getParent());
        try (FileChannel channel = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            if (hasOneLink(target)) {
                ByteBuffer bytes = ByteBuffer.wrap(data);
                while (bytes.hasRemaining()) {
                    channel.write(bytes, bytes.position());
                }
                channel.truncate(data.length);
                return;
            }
        }
        Path temp = tempFor(target);
        try {
            Files.write(temp, data, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
    }

    /** Whether {@code file} has no other hard link; false where the file system does not tell. */
    private static boolean hasOneLink(Path file) throws IOException {
        try {
            return ((Number) Files.getAttribute(file, "unix:nlink")).intValue() == 1;
        } catch (UnsupportedOperationException | IllegalArgumentException unknown) {
            return false;
        }
    }

    @Override
    public boolean delete(String key) throws IOException {
        Path target = pathOf(key);
        boolean existed = Files.deleteIfExists(target);
        if (existed) {
            fsyncDirectory(target.getParent());
        }
        return existed;
    }

    @Override
    public void deleteEmptyDirectory(String prefix) throws IOException {
        Path target = pathOf(prefix);
        if (!Files.isDirectory(target) || target.equals(root)) {
            return;
        }
        try {
            Files.delete(target);
        } catch (DirectoryNotEmptyException | NoSuchFileException stillUsedOrGone) {
            return;
        }
        fsyncDirectory(target.getParent());
    }

    @Override
    public String describe(String key) {
        return root.resolve(key).toString();
    }

    @Override
    public String toString() {
        return "LocalStorage[" + root + "]";
    }

    private static Path tempFor(Path target) {
        return target.resolveSibling(target.getFileName() + TEMP_MARKER + UUID.randomUUID());
    }

    private Path writeTemp(Path target, byte[] data) throws IOException {
        Path temp = tempFor(target);
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(data);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            if (fsync) {
                channel.force(true);
            }
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        return temp;
    }

    /** Creates {@code dir} and missing parents, fsyncing each parent whose entries changed. */
    private void ensureDirectory(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        ensureDirectory(dir.getParent());
        try {
            Files.createDirectory(dir);
        } catch (FileAlreadyExistsException raced) {
            if (!Files.isDirectory(dir)) {
                throw raced;
            }
        }
        fsyncDirectory(dir.getParent());
    }

    private void fsyncDirectory(Path dir) throws IOException {
        if (!fsync) {
            return;
        }
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
