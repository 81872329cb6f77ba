package dev.plainlance.lance.io;

import dev.plainlance.lance.env.DaemonThreads;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;

/**
 * A new local file written to a temp file beside its target and published by a hard link (see {@link
 * LocalStorage}).
 *
 * <p>When it must survive a power loss, its bytes are forced to disk in the background while the caller goes on:
 * after every {@link #SYNC_STEP} bytes written and on {@link #finishWriting()} (from {@link #BACKGROUND_MIN} unforced
 * bytes), one force at a time. This overlaps the disk's work with the caller's. {@link #commit()} waits for those
 * forces, rethrows the first failure (a failed fsync may not fail again when repeated, so none is ever dropped),
 * forces what remains and only then links the file.
 */
final class LocalPendingFile implements PendingObject {
    /** Bytes written between background forces. */
    static final long SYNC_STEP = 16L << 20;

    /**
     * Unforced bytes worth a background force on {@link #finishWriting()}; fewer are forced by the commit itself,
     * which is quicker than handing them to another thread.
     */
    static final long BACKGROUND_MIN = 1L << 20;

    /** The threads that force files to disk in the background (also {@link LocalStorage#putAllIfAbsent}). */
    static final ExecutorService SYNCS = DaemonThreads.cachedPool("plainlance-sync");

    private final Path target;
    private final Path temp;
    private final String description;
    private final boolean fsync;
    private final IoAction afterLink;
    private final FileChannel channel;
    private long position;
    private long forcedFrom;
    private CompletableFuture<Void> syncs = CompletableFuture.completedFuture(null);
    private boolean done;

    /**
     * @param afterLink makes the new name durable (the directory's fsync); runs after a successful link
     */
    LocalPendingFile(Path target, Path temp, String description, boolean fsync, IoAction afterLink) throws IOException {
        this.target = target;
        this.temp = temp;
        this.description = description;
        this.fsync = fsync;
        this.afterLink = afterLink;
        this.channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }

    /** An action that may fail with an {@link IOException}. */
    interface IoAction {
        void run() throws IOException;
    }

    @Override
    public void write(ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            position += channel.write(bytes);
        }
        if (fsync && position - forcedFrom >= SYNC_STEP && syncs.isDone()) {
            forceInBackground();
        }
    }

    @Override
    public long position() {
        return position;
    }

    @Override
    public void finishWriting() {
        if (fsync && position - forcedFrom >= BACKGROUND_MIN) {
            forceInBackground();
        }
    }

    /** Queues a force after the one in flight, so at most one runs and a failure is never lost. */
    private void forceInBackground() {
        forcedFrom = position;
        syncs = syncs.thenRunAsync(
                () -> {
                    try {
                        channel.force(true);
                    } catch (IOException e) {
                        throw new CompletionException(e);
                    }
                },
                SYNCS);
    }

    @Override
    public void commit() throws IOException {
        awaitSyncs();
        if (fsync) {
            channel.force(true);
        }
        channel.close();
        done = true;
        try {
            Files.createLink(target, temp);
        } catch (FileAlreadyExistsException e) {
            throw new ObjectAlreadyExistsException(description);
        } finally {
            Files.deleteIfExists(temp);
        }
        afterLink.run();
    }

    private void awaitSyncs() throws IOException {
        try {
            syncs.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while forcing " + description + " to disk");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new IOException("cannot force " + description + " to disk", cause);
        }
    }

    @Override
    public void close() throws IOException {
        if (done) {
            return;
        }
        done = true;
        try {
            syncs.handle((ok, failure) -> null).join();
        } finally {
            channel.close();
            Files.deleteIfExists(temp);
        }
    }
}
