package dev.plainlance.lance.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.lance.error.CorruptFileException;
import dev.plainlance.lance.error.NotFoundException;
import dev.plainlance.lance.io.InMemoryStorage;
import dev.plainlance.lance.pb.table.Manifest;
import dev.plainlance.lance.pb.table.Transaction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ManifestStoreTest {
    private final InMemoryStorage storage = new InMemoryStorage();
    private final ManifestStore store = new ManifestStore(storage);

    private void commit(ManifestNaming naming, long version) throws Exception {
        Manifest manifest = Manifest.newBuilder().setVersion(version).build();
        storage.putIfAbsent(
                naming.key(version), new ManifestFile(manifest, Optional.empty(), Optional.empty()).encode());
    }

    @Test
    void listsAscendingAndFindsLatestWhateverTheHintSays() throws Exception {
        for (long v = 1; v <= 12; v++) {
            commit(ManifestNaming.V2, v);
        }
        storage.replace("_versions/latest_version_hint.json", "{\"version\":3}".getBytes(StandardCharsets.UTF_8));
        List<ManifestStore.Location> all = store.list();
        assertEquals(12, all.size());
        assertEquals(1, all.get(0).version());
        assertEquals(12, store.latest().orElseThrow().version());
    }

    @Test
    void aHintBeyondTheNewestVersionOrUnreadableFallsBackToListing() throws Exception {
        for (long v = 1; v <= 4; v++) {
            commit(ManifestNaming.V1, v);
        }
        storage.replace("_versions/latest_version_hint.json", "{\"version\":9}".getBytes(StandardCharsets.UTF_8));
        assertEquals(4, store.latest().orElseThrow().version());
        storage.replace("_versions/latest_version_hint.json", "not json".getBytes(StandardCharsets.UTF_8));
        assertEquals(4, store.latest().orElseThrow().version());
    }

    @Test
    void aUsableHintFindsTheNewestVersionWithoutListing() throws Exception {
        for (long v = 1; v <= 30; v++) {
            commit(ManifestNaming.V2, v);
        }
        storage.replace("_versions/latest_version_hint.json", "{\"version\":27}".getBytes(StandardCharsets.UTF_8));
        java.util.concurrent.atomic.AtomicInteger lists = new java.util.concurrent.atomic.AtomicInteger();
        dev.plainlance.lance.io.Storage counting =
                (dev.plainlance.lance.io.Storage) java.lang.reflect.Proxy.newProxyInstance(
                        getClass().getClassLoader(),
                        new Class<?>[] {dev.plainlance.lance.io.Storage.class},
                        (proxy, method, args) -> {
                            if (method.getName().equals("list")) {
                                lists.incrementAndGet();
                            }
                            try {
                                return method.invoke(storage, args);
                            } catch (java.lang.reflect.InvocationTargetException e) {
                                throw e.getCause();
                            }
                        });
        assertEquals(30, new ManifestStore(counting).latest().orElseThrow().version());
        assertEquals(0, lists.get(), "a usable hint makes listing _versions unnecessary");
    }

    @Test
    void latestFromProbesAfterACommittedVersionAndFallsBackWhenFarBehind() throws Exception {
        for (long v = 1; v <= 20; v++) {
            commit(ManifestNaming.V2, v);
        }
        storage.replace("_versions/latest_version_hint.json", "{\"version\":20}".getBytes(StandardCharsets.UTF_8));
        assertEquals(20, store.latestFrom(store.locate(20)).version(), "the newest finds itself");
        assertEquals(20, store.latestFrom(store.locate(15)).version(), "five probes");
        assertEquals(20, store.latestFrom(store.locate(1)).version(), "more than the probe limit: the hint");
    }

    @Test
    void loadLatestReadsTheHintedManifestAndFollowsNewerOnes() throws Exception {
        for (long v = 1; v <= 6; v++) {
            commit(ManifestNaming.V1, v);
        }
        storage.replace("_versions/latest_version_hint.json", "{\"version\":4}".getBytes(StandardCharsets.UTF_8));
        ManifestStore.Loaded loaded = store.loadLatest().orElseThrow();
        assertEquals(6, loaded.location().version());
        assertEquals(ManifestNaming.V1, loaded.location().naming());
        assertEquals(6, loaded.file().manifest().getVersion());
        storage.replace("_versions/latest_version_hint.json", "{\"version\":0}".getBytes(StandardCharsets.UTF_8));
        assertEquals(6, store.loadLatest().orElseThrow().location().version(), "an unusable hint: listing");
        assertTrue(new ManifestStore(new InMemoryStorage()).loadLatest().isEmpty());
    }

    @Test
    void locatesEitherScheme() throws Exception {
        commit(ManifestNaming.V1, 1);
        commit(ManifestNaming.V1, 2);
        assertEquals(ManifestNaming.V1, store.locate(2).naming());
        assertEquals(2, store.load(store.locate(2)).manifest().getVersion());
        assertThrows(NotFoundException.class, () -> store.locate(3));
    }

    @Test
    void sameVersionUnderBothNamesIsReadOnceUnderItsV2NameWhenTheSizesAgree() throws Exception {
        commit(ManifestNaming.V1, 1);
        commit(ManifestNaming.V2, 1);
        commit(ManifestNaming.V2, 2);
        assertEquals(
                List.of(ManifestNaming.V2.key(1), ManifestNaming.V2.key(2)),
                store.list().stream().map(ManifestStore.Location::key).toList());
        assertEquals(
                List.of(ManifestNaming.V1.key(1), ManifestNaming.V2.key(1)),
                store.listNamed().get(0).keys(),
                "the twin first, the manifest read last");
    }

    @Test
    void sameVersionUnderTwoNamesOfDifferentSizesIsCorrupt() throws Exception {
        commit(ManifestNaming.V1, 1);
        Manifest bigger = Manifest.newBuilder().setVersion(1).setTag("bigger").build();
        storage.putIfAbsent(
                ManifestNaming.V2.key(1), new ManifestFile(bigger, Optional.empty(), Optional.empty()).encode());
        assertThrows(CorruptFileException.class, store::list);
    }

    @Test
    void manifestWhoseVersionDisagreesWithItsNameIsCorrupt() throws Exception {
        Manifest manifest = Manifest.newBuilder().setVersion(7).build();
        storage.putIfAbsent(
                ManifestNaming.V1.key(1), new ManifestFile(manifest, Optional.empty(), Optional.empty()).encode());
        CorruptFileException e = assertThrows(CorruptFileException.class, () -> store.load(store.locate(1)));
        assertTrue(e.getMessage().contains("1.manifest"), e.getMessage());
    }

    @Test
    void emptyDirectoryHasNoLatest() {
        assertTrue(store.latest().isEmpty());
    }

    @Test
    void transactionComesFromInlineSectionElseFile() throws Exception {
        Transaction txn =
                Transaction.newBuilder().setUuid("abc").setReadVersion(0).build();
        Manifest withFile = Manifest.newBuilder()
                .setVersion(1)
                .setTransactionFile("0-abc.txn")
                .build();
        storage.putIfAbsent("_transactions/0-abc.txn", txn.toByteArray());
        assertEquals(
                txn,
                store.transaction(new ManifestFile(withFile, Optional.empty(), Optional.empty()))
                        .orElseThrow());
        Transaction inline = txn.toBuilder().setTag("inline").build();
        assertEquals(
                inline,
                store.transaction(new ManifestFile(withFile, Optional.of(inline), Optional.empty()))
                        .orElseThrow());
        Manifest none = Manifest.newBuilder().setVersion(1).build();
        assertTrue(store.transaction(new ManifestFile(none, Optional.empty(), Optional.empty()))
                .isEmpty());
        storage.replace("_transactions/0-abc.txn", new byte[] {(byte) 0xff, 0x01});
        assertThrows(
                CorruptFileException.class,
                () -> store.transaction(new ManifestFile(withFile, Optional.empty(), Optional.empty())));
    }
}
