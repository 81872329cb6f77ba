package dev.plainlance.lance.io.s3;

import dev.plainlance.lance.env.Retry;
import dev.plainlance.lance.error.Printable;
import dev.plainlance.lance.io.Keys;
import dev.plainlance.lance.io.ObjectInfo;
import dev.plainlance.lance.io.ObjectNotFoundException;
import dev.plainlance.lance.io.PendingObject;
import dev.plainlance.lance.io.RandomAccessSource;
import dev.plainlance.lance.io.RootResolver;
import dev.plainlance.lance.io.Storage;
import dev.plainlance.lance.io.StorageCall;
import dev.plainlance.lance.io.Storages;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
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
 *   <li>Reads: GET, ranged GETs, paginated ListObjectsV2; files opened for positioned reads are opened with one
 *       suffix GET and fetch hinted ranges ahead, merged and in parallel ({@link S3RandomAccessSource}).</li>
 * </ul>
 *
 * Failed requests that may pass (no response, throttling, server errors) are retried through {@link Retry}.
 */
public final class S3Storage implements Storage, RootResolver {
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
        byte[] out = new byte[length];
        readRange(key, offset, length, out, 0);
        return ByteBuffer.wrap(out);
    }

    /** Reads {@code length > 0} bytes at {@code offset} of {@code key} into {@code out} from {@code at}. */
    void readRange(String key, long offset, int length, byte[] out, int at) throws IOException {
        String objectKey = objectKey(key);
        String range = "bytes=" + offset + "-" + (offset + length - 1);
        send("GET", key, () -> {
            try (ResponseInputStream<GetObjectResponse> body =
                    client.getObject(b -> b.bucket(bucket).key(objectKey).range(range))) {
                readExactly(body, offset, length, key, out, at);
                return null;
            }
        });
    }

    /**
     * The {@code length} bytes of a ranged GET's body, read straight into {@code out} from {@code at}. A body cut short by the
     * connection is a transient failure (the GET is sent again); a short object is past the end.
     */
    private void readExactly(
            ResponseInputStream<GetObjectResponse> body, long offset, int length, String key, byte[] out, int at)
            throws IOException {
        int read;
        try {
            read = body.readNBytes(out, at, length);
        } catch (IOException cut) {
            body.abort();
            throw new S3Failures.Transient(
                    "GET " + describe(key) + " lost its connection while reading: " + cut.getMessage(), false, cut);
        }
        long total =
                body.response().contentLength() == null ? read : body.response().contentLength();
        if (read != length || total != length) {
            body.abort();
            throw new EOFException("range " + offset + "+" + length + " past the end of " + describe(key) + " (got "
                    + total + " bytes)");
        }
    }

    /** GETs every key at once on {@link S3ReadPool}; the first failure in key order is thrown. */
    @Override
    public List<byte[]> readAll(List<String> keys) throws IOException {
        if (S3ReadPool.onPoolThread()) {
            return Storage.super.readAll(keys);
        }
        List<CompletableFuture<byte[]>> reads = new ArrayList<>(keys.size());
        for (String key : keys) {
            CompletableFuture<byte[]> read = new CompletableFuture<>();
            S3ReadPool.submit(read, () -> {
                try {
                    return read(key);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            reads.add(read);
        }
        List<byte[]> out = new ArrayList<>(keys.size());
        for (CompletableFuture<byte[]> read : reads) {
            try {
                out.add(read.join());
            } catch (CompletionException e) {
                if (e.getCause() instanceof UncheckedIOException io) {
                    throw io.getCause();
                }
                throw e;
            }
        }
        return out;
    }

    /** The last bytes of an object and its size. */
    record Suffix(long size, byte[] bytes) {}

    /**
     * The last {@code length} bytes of {@code key} (all of it when shorter) and its size, in one suffix GET. An
     * empty object, which S3 refuses any range of, is answered by a HEAD.
     */
    Suffix readSuffix(String key, int length) throws IOException {
        String objectKey = objectKey(key);
        ResponseBytes<GetObjectResponse> response;
        try {
            response = send(
                    "GET",
                    key,
                    () -> client.getObjectAsBytes(
                            b -> b.bucket(bucket).key(objectKey).range("bytes=-" + length)));
        } catch (EOFException emptyObject) {
            long size = size(key);
            if (size != 0) {
                throw emptyObject;
            }
            return new Suffix(0, new byte[0]);
        }
        byte[] bytes = response.asByteArray();
        String contentRange = response.response().contentRange();
        long size = contentRange == null ? bytes.length : totalSize(contentRange, key);
        if (bytes.length > size || (bytes.length < length && bytes.length != size)) {
            throw new IOException("GET " + describe(key) + " returned " + bytes.length + " bytes for the last " + length
                    + " of " + size);
        }
        return new Suffix(size, bytes);
    }

    /** The total size in a {@code Content-Range: bytes first-last/total} header. */
    private long totalSize(String contentRange, String key) throws IOException {
        int slash = contentRange.lastIndexOf('/');
        try {
            return Long.parseLong(contentRange.substring(slash + 1).trim());
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            throw new IOException("GET " + describe(key) + " returned an unreadable Content-Range '"
                    + Printable.escape(contentRange) + "'");
        }
    }

    /** One suffix GET to open, then page reads fetched ahead when hinted: see {@link S3RandomAccessSource}. */
    @Override
    public RandomAccessSource openRandomAccess(String key) throws IOException {
        return S3RandomAccessSource.open(this, key);
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

    /** Sends {@code calls} on the request threads straight away. */
    @Override
    public <T> StorageCall<T> ahead(StorageCall<T> calls) {
        if (S3ReadPool.onPoolThread()) {
            return calls;
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        S3ReadPool.submit(result, () -> {
            try {
                return calls.call();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return () -> {
            try {
                return result.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof UncheckedIOException io) {
                    throw io.getCause();
                }
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw e;
            }
        };
    }

    /** The conditional PUTs of all {@code objects} at once, on the request threads; the first failure is thrown. */
    @Override
    public void putAllIfAbsent(Map<String, byte[]> objects) throws IOException {
        if (S3ReadPool.onPoolThread()) {
            Storage.super.putAllIfAbsent(objects);
            return;
        }
        List<CompletableFuture<Void>> puts = new ArrayList<>(objects.size());
        for (Map.Entry<String, byte[]> object : objects.entrySet()) {
            CompletableFuture<Void> put = new CompletableFuture<>();
            S3ReadPool.submit(put, () -> {
                try {
                    putIfAbsent(object.getKey(), object.getValue());
                    return null;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            puts.add(put);
        }
        IOException failed = null;
        for (CompletableFuture<Void> put : puts) {
            try {
                put.join();
            } catch (CompletionException e) {
                if (!(e.getCause() instanceof UncheckedIOException io)) {
                    throw e;
                }
                if (failed == null) {
                    failed = io.getCause();
                } else {
                    failed.addSuppressed(io.getCause());
                }
            }
        }
        if (failed != null) {
            throw failed;
        }
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

    /**
     * Another root named by an {@code s3://} URI (a base path of a branch or a shallow clone) is reached with this
     * storage's client, so with the endpoint, region and credentials this one was opened with; other URIs are
     * opened by {@link Storages#forUri(String)}.
     */
    @Override
    public Storage root(String uri) {
        if (!uri.regionMatches(true, 0, "s3://", 0, 5)) {
            return Storages.forUri(uri);
        }
        S3Location location = S3Location.parse(uri);
        return new S3Storage(client, location.bucket(), location.prefix(), partSize, retry);
    }

    @Override
    public String describe(String key) {
        String full = prefix + key;
        return "s3://" + bucket + "/" + (full.endsWith("/") ? full.substring(0, full.length() - 1) : full);
    }
}
