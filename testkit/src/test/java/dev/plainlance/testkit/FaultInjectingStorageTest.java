package dev.plainlance.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.lance.commit.DatasetFailpoints;
import dev.plainlance.lance.failpoint.Failpoints;
import dev.plainlance.lance.io.InMemoryStorage;
import dev.plainlance.lance.io.PendingObject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FaultInjectingStorageTest {
    private static final byte[] DATA = {1, 2, 3, 4, 5, 6, 7, 8};

    @Test
    void aDroppedCrashLeavesNothingAndKillsEveryLaterCall() throws IOException {
        FaultInjectingStorage storage = new FaultInjectingStorage(new InMemoryStorage());
        storage.putIfAbsent("a", DATA);
        storage.crashAtOperation(1, TornWritePolicy.DROPPED);
        assertThrows(CrashException.class, () -> storage.putIfAbsent("b", DATA));
        assertThrows(CrashException.class, () -> storage.read("a"));
        assertTrue(storage.crashedAt().orElseThrow().contains("PUT_IF_ABSENT b"));
        FaultInjectingStorage restarted = storage.restart();
        assertArrayEquals(DATA, restarted.read("a"));
        assertEquals(Optional.empty(), restarted.readIfExists("b"));
        assertEquals(0, restarted.operations());
    }

    @Test
    void disarmCancelsACrashNotYetReached() throws IOException {
        FaultInjectingStorage storage = new FaultInjectingStorage(new InMemoryStorage());
        storage.crashAtOperation(2, TornWritePolicy.DROPPED);
        storage.putIfAbsent("a", DATA);
        storage.disarm();
        storage.putIfAbsent("b", DATA);
        storage.putIfAbsent("c", DATA);
        assertEquals(Optional.empty(), storage.crashedAt());
        assertArrayEquals(DATA, storage.restart().read("c"));
    }

    @Test
    void aKeptCrashIsDurableButUnacknowledged() throws IOException {
        FaultInjectingStorage storage = new FaultInjectingStorage(new InMemoryStorage());
        storage.crashAtOperation(2, TornWritePolicy.KEPT);
        storage.replace("a", DATA);
        assertThrows(CrashException.class, () -> storage.delete("a"));
        assertEquals(Optional.empty(), storage.restart().readIfExists("a"), "the delete happened");
    }

    @Test
    void aTornWriteZeroesTheTail() throws IOException {
        FaultInjectingStorage storage = new FaultInjectingStorage(new InMemoryStorage());
        storage.crashAtOperation(1, TornWritePolicy.TAIL_ZEROED);
        assertThrows(CrashException.class, () -> storage.putIfAbsent("a", DATA));
        assertArrayEquals(new byte[] {1, 2, 3, 4, 0, 0, 0, 0}, storage.restart().read("a"));
    }

    @Test
    void streamedObjectsAreGoneUnlessCommitted() throws IOException {
        FaultInjectingStorage storage = new FaultInjectingStorage(new InMemoryStorage());
        PendingObject open = storage.create("big");
        open.write(ByteBuffer.wrap(DATA));
        PendingObject done = storage.create("done");
        done.write(ByteBuffer.wrap(DATA));
        done.commit();
        storage.crashAtOperation(1, TornWritePolicy.DROPPED);
        assertThrows(CrashException.class, () -> storage.delete("done"));
        FaultInjectingStorage restarted = storage.restart();
        assertEquals(Optional.empty(), restarted.readIfExists("big"));
        assertArrayEquals(DATA, restarted.read("done"));
    }

    @Test
    void transientFaultsFailOnceWithoutEffect() throws IOException {
        FaultInjectingStorage storage = new FaultInjectingStorage(new InMemoryStorage());
        storage.failNext(StorageOp.PUT_IF_ABSENT, 1);
        assertThrows(IOException.class, () -> storage.putIfAbsent("a", DATA));
        assertFalse(storage.readIfExists("a").isPresent());
        storage.putIfAbsent("a", DATA);
        assertArrayEquals(DATA, storage.read("a"));
    }

    @Test
    void aLostAcknowledgementHappensButReportsFailure() throws IOException {
        FaultInjectingStorage storage = new FaultInjectingStorage(new InMemoryStorage());
        storage.loseAcknowledgementOfNext(StorageOp.REPLACE);
        IOException lost = assertThrows(IOException.class, () -> storage.replace("a", DATA));
        assertTrue(lost.getMessage().contains("acknowledgement was lost"));
        assertArrayEquals(DATA, storage.read("a"));
    }

    @Test
    void anUnreachableStorageHidesWhetherTheWriteHappened() throws IOException {
        FaultInjectingStorage storage = new FaultInjectingStorage(new InMemoryStorage());
        storage.unreachableAfterNext(StorageOp.PUT_IF_ABSENT, 2);
        IOException lost = assertThrows(IOException.class, () -> storage.putIfAbsent("a", DATA));
        assertTrue(lost.getMessage().contains("acknowledgement was lost"));
        assertThrows(IOException.class, () -> storage.readIfExists("a"));
        assertThrows(IOException.class, () -> storage.replace("b", DATA));
        assertArrayEquals(DATA, storage.read("a"), "the write happened");
        assertEquals(Optional.empty(), storage.readIfExists("b"), "a call while unreachable does nothing");
        assertEquals(1, storage.operations());
    }

    @Test
    void disarmCancelsTransientFaultsNotYetReached() throws IOException {
        FaultInjectingStorage storage = new FaultInjectingStorage(new InMemoryStorage());
        storage.failNext(StorageOp.REPLACE, 1).unreachableAfterNext(StorageOp.PUT_IF_ABSENT, 3);
        assertThrows(IOException.class, () -> storage.putIfAbsent("a", DATA));
        storage.disarm();
        storage.replace("b", DATA);
        assertArrayEquals(DATA, storage.read("b"));
    }

    @Test
    void aFailpointCrashStopsThereAndDisarmsOnRestart() {
        FaultInjectingStorage storage = new FaultInjectingStorage(new InMemoryStorage());
        storage.crashAtFailpoint(DatasetFailpoints.MANIFEST_WRITTEN, 2);
        Failpoints.hit(DatasetFailpoints.MANIFEST_WRITTEN);
        assertThrows(CrashException.class, () -> Failpoints.hit(DatasetFailpoints.MANIFEST_WRITTEN));
        assertEquals(
                "at failpoint dataset.commit.manifest_written",
                storage.crashedAt().orElseThrow());
        storage.restart();
        Failpoints.hit(DatasetFailpoints.MANIFEST_WRITTEN);
    }
}
