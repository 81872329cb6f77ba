package dev.plainlance.lance.io.s3;

import dev.plainlance.lance.env.Retry;
import dev.plainlance.lance.io.Keys;
import dev.plainlance.lance.io.ObjectInfo;
import dev.plainlance.lance.io.ObjectNotFoundException;
import dev.plainlance.lance.io.PendingObject;
import dev.plainlance.lance.io.Storage;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@link Storage} on one bucket and key prefix of an S3-compatible store.
 *
 * <ul>
 *   <li>{@link #putIfAbsent}: a conditional PUT ({@code If-None-Match: *}). 412 is "already exists"; 409 (a
 *       concurrent conditional write) is retried. When an attempt may have written the object but its response
 *       was lost, the call fails with a plain {@link IOException}, never "already exists": the commit protocol
 *       then settles the outcome by reading the object back (by transaction uuid).</li>
 *   <li>{@link #replace}: a plain PUT, atomic on S3.</li>
 *   <li>{@link #create}: a multipart upload once the object outgrows one part, completed conditionally and
 *       aborted when it fails or is closed uncommitted, so nothing partial becomes visible.</li>
 *   <li>Reads: GET, ranged GETs, paginated ListObjectsV2.</li>
 * </ul>
 *
 * Failed requests that may pass (no response, throttling, server errors) are retried through {@link Retry}.
 */
public final class S3Storage implements Storage {
    /** The part size of multipart uploads (S3's minimum part is 5 MiB). */
    static final int DEFAULT_PART_SIZE = 8 << 20;

    private final S3Client client;
    private final String bucket;
    private final String prefix;
    private final int partSize;
    private final Retry retry;

    /** Storage under {@code prefix} ("" or ending in '/') of {@code bucket}. */
    public S3Storage(S3Client client, String bucket, String prefix) {
        this(client, bucket, prefix, DEFAULT_PART_SIZE, Retry.commitDefaults().withMaxAttempts(6));
    }

    S3Storage(S3Client client, String bucket, String prefix, int partSize, Retry retry) {
        if (!prefix.isEmpty() && !prefix.endsWith("/")) {
            throw new IllegalArgumentException("an S3 key prefix ends with '/': '" + prefix + "'");
        }
        this.client = client;
        this.bucket = bucket;
        this.prefix = prefix;
        this.partSize = partSize;
        this.retry = retry;
    }

    /** A request that may fail with an SDK exception. */
    @FunctionalInterface
    interface Request<T> {
        T send() throws IOException;
    }

    /** Sends {@code request}, retrying transient failures; other failures are typed by {@link S3Failures}. */
    <T> T send(String op, String key, Request<T> request) throws IOException {
        return retry.run(S3Failures.Transient.class, attempt -> {
            try {
                return request.send();
            } catch (SdkException e) {
                throw S3Failures.of(op, describe(key), e);
            }
        });
    }

    S3Client client() {
        return client;
    }

    String bucket() {
        return bucket;
    }

    int partSize() {
        return partSize;
    }

    /** The S3 object key of storage key {@code key}. */
    String objectKey(String key) {
        return prefix + Keys.check(key);
    }

    @Override
    public byte[] read(String key) throws IOException {
        String objectKey = objectKey(key);
        return send(
                "GET", key, () -> client.getObjectAsBytes(b -> b.bucket(bucket).key(objectKey))
                        .asByteArray());
    }

    @Override
    public ByteBuffer readRange(String key, long offset, int length) throws IOException {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("negative range " + offset + "+" + length + " of " + describe(key));
        }
        if (length == 0) {
            if (offset > size(key)) {
                throw new EOFException("range " + offset + "+0 past the end of " + describe(key));
            }
            return ByteBuffer.allocate(0);
        }
        String objectKey = objectKey(key);
        String range = "bytes=" + offset + "-" + (offset + length - 1);
        byte[] bytes = send("GET", key, () -> client.getObjectAsBytes(
                        b -> b.bucket(bucket).key(objectKey).range(range))
                .asByteArray());
        if (bytes.length != length) {
            throw new EOFException("range " + offset + "+" + length + " past the end of " + describe(key) + " (got "
                    + bytes.length + " bytes)");
        }
        return ByteBuffer.wrap(bytes);
    }

    @Override
    public Optional<byte[]> readIfExists(String key) throws IOException {
        try {
            return Optional.of(read(key));
        } catch (ObjectNotFoundException e) {
            return Optional.empty();
        }
    }

    @Override
    public long size(String key) throws IOException {
        String objectKey = objectKey(key);
        return send("HEAD", key, () -> client.headObject(b -> b.bucket(bucket).key(objectKey))
                .contentLength());
    }

    @Override
    public List<ObjectInfo> list(String keyPrefix) throws IOException {
        List<ObjectInfo> found = new ArrayList<>();
        String token = null;
        do {
            ListObjectsV2Request.Builder request =
                    ListObjectsV2Request.builder().bucket(bucket).prefix(prefix + keyPrefix);
            if (token != null) {
                request.continuationToken(token);
            }
            ListObjectsV2Response page =
                    send("LIST", keyPrefix.isEmpty() ? "" : keyPrefix, () -> client.listObjectsV2(request.build()));
            for (S3Object object : page.contents()) {
                found.add(new ObjectInfo(object.key().substring(prefix.length()), object.size()));
            }
            token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
        } while (token != null);
        return found;
    }

    @Override
    public void putIfAbsent(String key, byte[] data) throws IOException {
        String objectKey = objectKey(key);
        byte[] copy = data.clone();
        sendExclusive(
                "PUT",
                key,
                () -> client.putObject(
                        b -> b.bucket(bucket).key(objectKey).ifNoneMatch("*"), RequestBody.fromBytes(copy)));
    }

    /**
     * Sends a request that creates {@code key} only if it is absent ({@code If-None-Match: *}), retrying transient
     * failures. Once an attempt may have taken effect (no response, a server error), a later failure, "already
     * exists" included, is an unknown outcome: a plain {@link IOException} for the caller to settle by reading the
     * object back.
     */
    <T> T sendExclusive(String op, String key, Request<T> request) throws IOException {
        IOException[] firstAmbiguous = {null};
        try {
            return send(op, key, () -> {
                try {
                    return request.send();
                } catch (SdkException e) {
                    IOException failure = S3Failures.of(op, describe(key), e);
                    if (firstAmbiguous[0] == null
                            && failure instanceof S3Failures.Transient
                            && ((S3Failures.Transient) failure).mayHaveHappened) {
                        firstAmbiguous[0] = failure;
                    }
                    throw failure;
                }
            });
        } catch (IOException failed) {
            if (firstAmbiguous[0] == null) {
                throw failed;
            }
            IOException unknown = new IOException(
                    "outcome unknown: an attempt to create " + describe(key) + " may have written it ("
                            + firstAmbiguous[0].getMessage() + "); the last attempt: " + failed.getMessage(),
                    firstAmbiguous[0]);
            unknown.addSuppressed(failed);
            throw unknown;
        }
    }

    @Override
    public PendingObject create(String key) throws IOException {
        return new S3PendingObject(this, key);
    }

    @Override
    public void replace(String key, byte[] data) throws IOException {
        String objectKey = objectKey(key);
        byte[] copy = data.clone();
        send("PUT", key, () -> client.putObject(b -> b.bucket(bucket).key(objectKey), RequestBody.fromBytes(copy)));
    }

    /** S3 does not say whether a DELETE removed anything, so this asks first: a HEAD, then the DELETE. */
    @Override
    public boolean delete(String key) throws IOException {
        String objectKey = objectKey(key);
        try {
            size(key);
        } catch (ObjectNotFoundException absent) {
            return false;
        }
        send("DELETE", key, () -> client.deleteObject(b -> b.bucket(bucket).key(objectKey)));
        return true;
    }

    @Override
    public String describe(String key) {
        String full = prefix + key;
        return "s3://" + bucket + "/" + (full.endsWith("/") ? full.substring(0, full.length() - 1) : full);
    }
}
