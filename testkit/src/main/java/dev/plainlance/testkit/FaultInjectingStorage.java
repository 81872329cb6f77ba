package dev.plainlance.testkit;

import dev.plainlance.lance.failpoint.Failpoint;
import dev.plainlance.lance.failpoint.Failpoints;
import dev.plainlance.lance.io.ObjectInfo;
import dev.plainlance.lance.io.PendingObject;
import dev.plainlance.lance.io.Storage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * Wraps any {@link Storage} and injects crashes and transient faults into it.
 *
 * <ul>
 *   <li>It counts mutating operations ({@link StorageOp}); {@link #crashAtOperation} kills the "process" at the Nth,
 *       {@link #crashAtFailpoint} at the Nth hit of a named failpoint. The interrupted operation is dropped, kept
 *       or torn according to a {@link TornWritePolicy}. After a crash every operation throws
 *       {@link CrashException}.</li>
 *   <li>{@link #restart()} returns a fresh view of the durable state, as a new process would see it: streamed
 *       objects never committed are gone (the wrapped storage publishes only on commit), everything else that
 *       completed is there.</li>
 *   <li>Transient faults: {@link #failNext} makes the next operations of a kind throw an {@link IOException}
 *       without effect (a retry succeeds); {@link #loseAcknowledgementOfNext} performs the next operation of a
 *       kind and then throws, so the caller cannot tell whether it happened; {@link #unreachableAfterNext} also
 *       fails the calls after it, so the caller cannot even look.</li>
 * </ul>
 * Not thread-safe for configuration; operations may come from several threads.
 */
public final class FaultInjectingStorage implements Storage {
    private final Storage durable;
    private long operations;
    private long crashAt = -1;
    private TornWritePolicy policy = TornWritePolicy.DROPPED;
    private volatile String crashedAt;
    private final Deque<Fault> faults = new ArrayDeque<>();
    private int unreachableCalls;
    private Failpoints.Scope failpointScope;

    /** A transient fault: {@code lostAck} runs the operation; then {@code unreachableAfter} more calls fail. */
    private record Fault(StorageOp op, boolean lostAck, int unreachableAfter) {}

    public FaultInjectingStorage(Storage durable) {
        this.durable = durable;
    }

    /** The storage after a crash: the durable state only, with no fault configured. */
    public FaultInjectingStorage restart() {
        closeFailpointScope();
        return new FaultInjectingStorage(durable);
    }

    /** Mutating operations so far. */
    public synchronized long operations() {
        return operations;
    }

    /** Where the crash happened, if it did. */
    public Optional<String> crashedAt() {
        return Optional.ofNullable(crashedAt);
    }

    /** Crashes at the {@code n}th mutating operation from now (1 = the next one). */
    public synchronized FaultInjectingStorage crashAtOperation(long n, TornWritePolicy tornWrite) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be >= 1: " + n);
        }
        crashAt = operations + n;
        policy = tornWrite;
        return this;
    }

    /**
     * Crashes when execution reaches failpoint {@code point} for the {@code n}th time. Installs a process-wide
     * failpoint handler until {@link #restart()} or {@link #disarm()}.
     */
    public FaultInjectingStorage crashAtFailpoint(Failpoint point, int n) {
        int[] seen = {0};
        closeFailpointScope();
        failpointScope = Failpoints.install(p -> {
            if (p == point && ++seen[0] == n) {
                crash("at failpoint " + p.name());
            }
        });
        return this;
    }

    /**
     * Cancels every fault armed and not reached: the failpoint handler this storage installed, the operation count,
     * pending transient faults and what remains of an unreachable spell.
     */
    public synchronized void disarm() {
        crashAt = -1;
        faults.clear();
        unreachableCalls = 0;
        closeFailpointScope();
    }

    /** The next {@code times} operations of kind {@code op} fail with an {@link IOException} and do nothing. */
    public synchronized FaultInjectingStorage failNext(StorageOp op, int times) {
        for (int i = 0; i < times; i++) {
            faults.add(new Fault(op, false, 0));
        }
        return this;
    }

    /** The next operation of kind {@code op} happens, but its caller gets an {@link IOException}. */
    public synchronized FaultInjectingStorage loseAcknowledgementOfNext(StorageOp op) {
        faults.add(new Fault(op, true, 0));
        return this;
    }

    /**
     * The next operation of kind {@code op} happens, then the storage is unreachable: its caller and the next
     * {@code calls} calls of any kind get an {@link IOException} and do nothing, so the caller cannot even read
     * back whether the operation happened.
     */
    public synchronized FaultInjectingStorage unreachableAfterNext(StorageOp op, int calls) {
        if (calls < 1) {
            throw new IllegalArgumentException("calls must be >= 1: " + calls);
        }
        faults.add(new Fault(op, true, calls));
        return this;
    }

    private void closeFailpointScope() {
        if (failpointScope != null) {
            failpointScope.close();
            failpointScope = null;
        }
    }

    private void crash(String where) {
        crashedAt = where;
        closeFailpointScope();
        throw new CrashException(where);
    }

    private void checkAlive() {
        String where = crashedAt;
        if (where != null) {
            throw new CrashException("earlier " + where + "; the process is dead");
        }
    }

    /** Starts a call: a dead process throws {@link CrashException}, an unreachable storage an {@link IOException}. */
    private synchronized void enter(String call, String key) throws IOException {
        checkAlive();
        if (unreachableCalls > 0) {
            unreachableCalls--;
            throw new IOException("injected fault: storage unreachable (" + call + " " + key + ")");
        }
    }

    /** Decides the fate of one mutating operation; returns null to run it normally. */
    private synchronized Decision decide(StorageOp op, String key) {
        checkAlive();
        operations++;
        if (operations == crashAt) {
            return new Decision(null, "at operation " + operations + " (" + op + " " + key + ")");
        }
        for (Fault fault : faults) {
            if (fault.op == op) {
                faults.remove(fault);
                return new Decision(fault, null);
            }
        }
        return null;
    }

    private record Decision(Fault fault, String crash) {}

    /** Runs a mutating operation under the injector. */
    private <T> T mutate(StorageOp op, String key, byte[] data, IoCall<T> call) throws IOException {
        enter(op.name(), key);
        Decision decision = decide(op, key);
        if (decision == null) {
            checkAlive();
            return call.run();
        }
        if (decision.crash != null) {
            switch (policy) {
                case KEPT -> call.run();
                case TAIL_ZEROED -> tear(op, key, data);
                default -> {}
            }
            crash(decision.crash);
        }
        if (decision.fault.lostAck) {
            call.run();
            synchronized (this) {
                unreachableCalls = decision.fault.unreachableAfter;
            }
            throw new IOException("injected fault: " + op + " " + key + " happened but its acknowledgement was lost");
        }
        throw new IOException("injected transient fault: " + op + " " + key);
    }

    private void tear(StorageOp op, String key, byte[] data) throws IOException {
        if (data == null || op == StorageOp.DELETE) {
            return;
        }
        byte[] torn = Arrays.copyOf(data, data.length);
        Arrays.fill(torn, torn.length / 2, torn.length, (byte) 0);
        if (op == StorageOp.REPLACE) {
            durable.replace(key, torn);
        } else {
            try {
                durable.putIfAbsent(key, torn);
            } catch (dev.plainlance.lance.io.ObjectAlreadyExistsException ignored) {
                // the put would have failed anyway
            }
        }
    }

    private interface IoCall<T> {
        T run() throws IOException;
    }

    @Override
    public byte[] read(String key) throws IOException {
        enter("read", key);
        return durable.read(key);
    }

    @Override
    public ByteBuffer readRange(String key, long offset, int length) throws IOException {
        enter("readRange", key);
        return durable.readRange(key, offset, length);
    }

    @Override
    public Optional<byte[]> readIfExists(String key) throws IOException {
        enter("readIfExists", key);
        return durable.readIfExists(key);
    }

    @Override
    public long size(String key) throws IOException {
        enter("size", key);
        return durable.size(key);
    }

    @Override
    public List<ObjectInfo> list(String prefix) throws IOException {
        enter("list", prefix);
        return durable.list(prefix);
    }

    @Override
    public void putIfAbsent(String key, byte[] data) throws IOException {
        mutate(StorageOp.PUT_IF_ABSENT, key, data, () -> {
            durable.putIfAbsent(key, data);
            return null;
        });
    }

    @Override
    public PendingObject create(String key) throws IOException {
        enter("create", key);
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        return new PendingObject() {
            private boolean committed;

            @Override
            public void write(ByteBuffer bytes) {
                checkAlive();
                byte[] chunk = new byte[bytes.remaining()];
                bytes.get(chunk);
                buffer.write(chunk, 0, chunk.length);
            }

            @Override
            public long position() {
                return buffer.size();
            }

            @Override
            public void commit() throws IOException {
                byte[] data = buffer.toByteArray();
                mutate(StorageOp.STREAM_COMMIT, key, data, () -> {
                    durable.putIfAbsent(key, data);
                    return null;
                });
                committed = true;
            }

            @Override
            public void close() {
                if (!committed) {
                    buffer.reset();
                }
            }
        };
    }

    @Override
    public void replace(String key, byte[] data) throws IOException {
        mutate(StorageOp.REPLACE, key, data, () -> {
            durable.replace(key, data);
            return null;
        });
    }

    @Override
    public boolean delete(String key) throws IOException {
        return mutate(StorageOp.DELETE, key, null, () -> durable.delete(key));
    }

    /** Directories are not objects: removing an empty one goes straight through, without faults. */
    @Override
    public void deleteEmptyDirectory(String prefix) throws IOException {
        durable.deleteEmptyDirectory(prefix);
    }

    @Override
    public dev.plainlance.lance.io.Durability durability() {
        return durable.durability();
    }

    @Override
    public String describe(String key) {
        return durable.describe(key);
    }

    @Override
    public String cacheKey(String key) {
        return durable.cacheKey(key);
    }
}
