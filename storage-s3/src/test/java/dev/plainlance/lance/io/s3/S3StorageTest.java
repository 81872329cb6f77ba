package dev.plainlance.lance.io.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.lance.env.Retry;
import dev.plainlance.lance.io.ObjectAlreadyExistsException;
import dev.plainlance.lance.io.ObjectInfo;
import dev.plainlance.lance.io.ObjectNotFoundException;
import dev.plainlance.lance.io.PendingObject;
import dev.plainlance.lance.io.Storage;
import dev.plainlance.lance.io.Storages;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** What S3 adds to the storage contract: multipart uploads, pagination, lost responses, 409s, URIs, messages. */
class S3StorageTest {
    private static final int PART = 5 << 20;
    private final S3TestServer server = S3TestServer.get();

    private S3Storage storage(S3Client client, String bucket) {
        return new S3Storage(client, bucket, "root/", PART, Retry.immediate(4, 1));
    }

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static void writeInPieces(PendingObject pending, byte[] data) throws IOException {
        for (int at = 0; at < data.length; at += 1_000_003) {
            pending.write(ByteBuffer.wrap(data, at, Math.min(1_000_003, data.length - at)));
        }
    }

    private int openUploads(String bucket) {
        return server.client()
                .listMultipartUploads(b -> b.bucket(bucket))
                .uploads()
                .size();
    }

    @Test
    void callsStartedAheadRunBeforeTheirResultIsAskedAndRethrowTheirFailure() throws Exception {
        S3Storage storage = storage(server.client(), server.newBucket("ahead"));
        storage.putIfAbsent("a", new byte[] {7});
        java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
        dev.plainlance.lance.io.StorageCall<byte[]> read = storage.ahead(() -> {
            started.countDown();
            return storage.read("a");
        });
        assertTrue(started.await(30, java.util.concurrent.TimeUnit.SECONDS), "the read started before call()");
        assertArrayEquals(new byte[] {7}, read.call());
        dev.plainlance.lance.io.StorageCall<byte[]> missing = storage.ahead(() -> storage.read("none"));
        assertThrows(ObjectNotFoundException.class, missing::call);
    }

    @Test
    void largeObjectsGoUpAsMultipartUploadsAndAppearOnlyWhenCompleted() throws Exception {
        String bucket = server.newBucket("multipart");
        S3Storage storage = storage(server.client(), bucket);
        byte[] data = random(2 * PART + 12345, 7);
        try (PendingObject pending = storage.create("data/big.lance")) {
            writeInPieces(pending, data);
            assertEquals(data.length, pending.position());
            assertEquals(1, openUploads(bucket), "two full parts are up already");
            assertTrue(storage.readIfExists("data/big.lance").isEmpty());
            pending.commit();
        }
        assertArrayEquals(data, storage.read("data/big.lance"));
        assertEquals(0, openUploads(bucket));
        ByteBuffer middle = storage.readRange("data/big.lance", PART - 3, 6);
        byte[] expected = new byte[6];
        System.arraycopy(data, PART - 3, expected, 0, 6);
        assertArrayEquals(expected, ByteBuffer.allocate(6).put(middle).array());
    }

    @Test
    void abandonedAndRefusedMultipartUploadsAreAborted() throws Exception {
        String bucket = server.newBucket("multipart-abort");
        S3Storage storage = storage(server.client(), bucket);
        try (PendingObject abandoned = storage.create("data/gone.lance")) {
            writeInPieces(abandoned, random(PART + 10, 1));
            assertEquals(1, openUploads(bucket));
        }
        assertEquals(0, openUploads(bucket));
        assertTrue(storage.list("").isEmpty());

        storage.putIfAbsent("data/taken.lance", new byte[] {1});
        try (PendingObject late = storage.create("data/taken.lance")) {
            writeInPieces(late, random(PART + 10, 2));
            assertThrows(ObjectAlreadyExistsException.class, late::commit);
        }
        assertEquals(0, openUploads(bucket));
        assertArrayEquals(new byte[] {1}, storage.read("data/taken.lance"));
    }

    @Test
    void listingFollowsContinuationTokensPastOneThousandKeys() throws Exception {
        S3Storage storage = storage(server.client(), server.newBucket("paginated-list"));
        int count = 1_050;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> puts = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String key = "_versions/" + i + ".manifest";
                puts.add(pool.submit(() -> {
                    storage.putIfAbsent(key, new byte[] {1, 2});
                    return null;
                }));
            }
            for (Future<?> put : puts) {
                put.get();
            }
        } finally {
            pool.shutdownNow();
        }
        storage.putIfAbsent("other/x", new byte[] {3});
        List<ObjectInfo> listed = storage.list("_versions/");
        assertEquals(count, listed.size());
        assertEquals(count, listed.stream().map(ObjectInfo::key).distinct().count());
        assertTrue(listed.stream().allMatch(o -> o.size() == 2 && o.key().startsWith("_versions/")));
    }

    /**
     * Lets the request through, then drops the response of the first {@code times} conditional PUTs and
     * multipart completions.
     */
    private static final class LoseConditionalPutResponses implements ExecutionInterceptor {
        private final AtomicInteger remaining;

        LoseConditionalPutResponses(int times) {
            remaining = new AtomicInteger(times);
        }

        @Override
        public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
            boolean conditional = (context.request() instanceof PutObjectRequest
                            && ((PutObjectRequest) context.request()).ifNoneMatch() != null)
                    || context.request() instanceof CompleteMultipartUploadRequest;
            if (conditional && remaining.getAndDecrement() > 0) {
                throw SdkClientException.create("injected: the response was lost");
            }
        }
    }

    /**
     * A completion whose response was lost is sent again. Completing one's own upload again succeeds on S3Proxy
     * (as on S3), so the commit lands; a store that answered 412 or 404 instead would make it an unknown outcome.
     */
    @Test
    void aLostResponseOfAMultipartCompletionIsRetriedAndLandsOnce() throws Exception {
        String bucket = server.newBucket("lost-completion");
        S3Client lossy = S3Clients.builder(S3Config.from(server.storageOptions(), name -> null))
                .overrideConfiguration(o -> o.addExecutionInterceptor(new LoseConditionalPutResponses(1)))
                .build();
        try {
            S3Storage storage = storage(lossy, bucket);
            byte[] data = random(PART + 100, 3);
            try (PendingObject pending = storage.create("data/f.lance")) {
                writeInPieces(pending, data);
                pending.commit();
            }
            assertArrayEquals(data, storage.read("data/f.lance"));
            assertEquals(
                    List.of("data/f.lance"),
                    storage.list("").stream().map(ObjectInfo::key).toList());
            assertEquals(0, openUploads(bucket));
        } finally {
            lossy.close();
        }
    }

    @Test
    void aLostResponseOfAConditionalPutIsAnUnknownOutcomeNotAlreadyExists() throws Exception {
        String bucket = server.newBucket("lost-response");
        S3Client lossy = S3Clients.builder(S3Config.from(server.storageOptions(), name -> null))
                .overrideConfiguration(o -> o.addExecutionInterceptor(new LoseConditionalPutResponses(1)))
                .build();
        try {
            S3Storage storage = storage(lossy, bucket);
            IOException unknown =
                    assertThrows(IOException.class, () -> storage.putIfAbsent("_versions/1", new byte[] {9}));
            assertFalse(unknown instanceof ObjectAlreadyExistsException, unknown.toString());
            assertTrue(unknown.getMessage().startsWith("outcome unknown: "), unknown.getMessage());
            assertTrue(unknown.getMessage().contains("s3://" + bucket + "/root/_versions/1"), unknown.getMessage());
            assertArrayEquals(new byte[] {9}, storage.read("_versions/1"), "the write did land");
            assertInstanceOf(
                    ObjectAlreadyExistsException.class,
                    assertThrows(IOException.class, () -> storage.putIfAbsent("_versions/1", new byte[] {8})));
        } finally {
            lossy.close();
        }
    }

    /** Answers the first {@code times} conditional PUTs with 409 ConditionalRequestConflict, unsent. */
    private static final class ConflictFirst implements ExecutionInterceptor {
        final AtomicInteger remaining;
        final AtomicInteger sent = new AtomicInteger();

        ConflictFirst(int times) {
            remaining = new AtomicInteger(times);
        }

        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            if (context.request() instanceof PutObjectRequest) {
                sent.incrementAndGet();
                if (remaining.getAndDecrement() > 0) {
                    throw S3Exception.builder()
                            .statusCode(409)
                            .message("injected ConditionalRequestConflict")
                            .awsErrorDetails(AwsErrorDetails.builder()
                                    .errorCode("ConditionalRequestConflict")
                                    .build())
                            .build();
                }
            }
        }
    }

    /** Records the payload hash header and content encoding of every upload (PUT and part) as sent. */
    private static final class UploadHeaders implements ExecutionInterceptor {
        final List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());

        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            if (context.httpRequest().method() == software.amazon.awssdk.http.SdkHttpMethod.PUT) {
                seen.add(context.httpRequest()
                                .firstMatchingHeader("x-amz-content-sha256")
                                .orElse("none")
                        + " "
                        + context.httpRequest()
                                .firstMatchingHeader("Content-Encoding")
                                .orElse("plain"));
            }
        }
    }

    @Test
    void uploadsAreSignedOverTheirWholePayloadNotChunkByChunk() throws Exception {
        String bucket = server.newBucket("whole-payload-signing");
        UploadHeaders headers = new UploadHeaders();
        try (S3Client client = server.client(headers)) {
            S3Storage storage = storage(client, bucket);
            storage.putIfAbsent("_versions/1", new byte[] {1, 2});
            storage.replace("hint", new byte[] {3});
            byte[] large = random(PART + 10, 3);
            try (PendingObject pending = storage.create("data/big")) {
                writeInPieces(pending, large);
                pending.commit();
            }
            assertArrayEquals(large, storage.read("data/big"));
            assertEquals(4, headers.seen.size(), headers.seen.toString());
            for (String sent : headers.seen) {
                assertTrue(sent.matches("[0-9a-f]{64} plain"), sent);
            }
        }
    }

    @Test
    void a409ConflictIsRetriedAndThenWins() throws Exception {
        String bucket = server.newBucket("conflict-409");
        ConflictFirst conflicts = new ConflictFirst(2);
        S3Client client = S3Clients.builder(S3Config.from(server.storageOptions(), name -> null))
                .overrideConfiguration(o -> o.addExecutionInterceptor(conflicts))
                .build();
        try {
            S3Storage storage = storage(client, bucket);
            storage.putIfAbsent("_versions/1", new byte[] {5});
            assertEquals(3, conflicts.sent.get());
            assertArrayEquals(new byte[] {5}, storage.read("_versions/1"));
        } finally {
            client.close();
        }
    }

    @Test
    void s3UrisOpenThroughStoragesAndErrorsNameTheObject() throws Exception {
        String bucket = server.newBucket("uris");
        Storage storage = Storages.forUri("s3://" + bucket + "/warehouse/t.lance/", server.storageOptions());
        storage.putIfAbsent("_versions/1.manifest", new byte[] {1});
        assertEquals(
                List.of("warehouse/t.lance/_versions/1.manifest"),
                server.client().listObjectsV2(b -> b.bucket(bucket)).contents().stream()
                        .map(o -> o.key())
                        .toList());
        ObjectNotFoundException missing = assertThrows(ObjectNotFoundException.class, () -> storage.read("nope"));
        assertEquals("not found: s3://" + bucket + "/warehouse/t.lance/nope", missing.getMessage());
        IOException noBucket = assertThrows(
                IOException.class, () -> Storages.forUri("s3://no-such-bucket-here/t", server.storageOptions())
                        .read("x"));
        assertEquals(
                "GET s3://no-such-bucket-here/t/x failed: HTTP 404 NoSuchBucket (the bucket does not exist)",
                noBucket.getMessage());
        assertFalse(noBucket.getMessage().contains("\n"));
    }
}
