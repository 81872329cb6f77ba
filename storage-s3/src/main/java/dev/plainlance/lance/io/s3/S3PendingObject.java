package dev.plainlance.lance.io.s3;

import dev.plainlance.lance.io.PendingObject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * A new S3 object written in parts. Bytes are buffered up to one part; an object that fits in one part is
 * published by one conditional PUT at {@link #commit}. A larger one becomes a multipart upload, started when the
 * first part fills, completed at {@link #commit} with {@code If-None-Match: *}, and aborted when anything fails or
 * the object is closed uncommitted, so no part of it is ever visible.
 */
final class S3PendingObject implements PendingObject {
    private final S3Storage storage;
    private final String key;
    private final String objectKey;
    private final List<CompletedPart> parts = new ArrayList<>();
    private byte[] buffer;
    private int buffered;
    private long position;
    private String uploadId;
    private boolean done;

    S3PendingObject(S3Storage storage, String key) {
        this.storage = storage;
        this.key = key;
        this.objectKey = storage.objectKey(key);
        this.buffer = new byte[Math.min(storage.partSize(), 64 << 10)];
    }

    @Override
    public void write(ByteBuffer bytes) throws IOException {
        if (done) {
            throw new IllegalStateException("write after commit or close of " + storage.describe(key));
        }
        while (bytes.hasRemaining()) {
            if (buffered == storage.partSize()) {
                uploadPart();
            }
            int n = Math.min(bytes.remaining(), storage.partSize() - buffered);
            ensureCapacity(buffered + n);
            bytes.get(buffer, buffered, n);
            buffered += n;
            position += n;
        }
    }

    private void ensureCapacity(int needed) {
        if (needed > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.min(storage.partSize(), Math.max(needed, buffer.length * 2)));
        }
    }

    @Override
    public long position() {
        return position;
    }

    @Override
    public void commit() throws IOException {
        if (done) {
            throw new IllegalStateException("commit after commit or close of " + storage.describe(key));
        }
        if (uploadId == null) {
            done = true;
            storage.putIfAbsent(key, Arrays.copyOf(buffer, buffered));
            return;
        }
        try {
            uploadPart();
            String id = uploadId;
            storage.sendExclusive("COMPLETE UPLOAD", key, () -> storage.client()
                    .completeMultipartUpload(b -> b.bucket(storage.bucket())
                            .key(objectKey)
                            .uploadId(id)
                            .ifNoneMatch("*")
                            .multipartUpload(m -> m.parts(parts))));
            done = true;
        } catch (IOException | RuntimeException e) {
            abort(e);
            throw e;
        }
    }

    private void uploadPart() throws IOException {
        try {
            if (uploadId == null) {
                uploadId = storage.send("CREATE UPLOAD", key, () -> storage.client()
                        .createMultipartUpload(b -> b.bucket(storage.bucket()).key(objectKey))
                        .uploadId());
            }
            int number = parts.size() + 1;
            byte[] part = Arrays.copyOf(buffer, buffered);
            String id = uploadId;
            String etag = storage.send("UPLOAD PART", key, () -> storage.client()
                    .uploadPart(
                            b -> b.bucket(storage.bucket())
                                    .key(objectKey)
                                    .uploadId(id)
                                    .partNumber(number),
                            RequestBody.fromBytes(part))
                    .eTag());
            parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
            buffered = 0;
        } catch (IOException | RuntimeException e) {
            abort(e);
            throw e;
        }
    }

    /** Ends the upload, if one was started, so that its parts are dropped; a failure to do so joins {@code cause}. */
    private void abort(Exception cause) {
        done = true;
        if (uploadId == null) {
            return;
        }
        String id = uploadId;
        uploadId = null;
        try {
            storage.send("ABORT UPLOAD", key, () -> storage.client()
                    .abortMultipartUpload(
                            b -> b.bucket(storage.bucket()).key(objectKey).uploadId(id)));
        } catch (IOException | SdkException e) {
            cause.addSuppressed(e);
        }
    }

    @Override
    public void close() throws IOException {
        if (done) {
            return;
        }
        done = true;
        if (uploadId != null) {
            String id = uploadId;
            uploadId = null;
            storage.send("ABORT UPLOAD", key, () -> storage.client()
                    .abortMultipartUpload(
                            b -> b.bucket(storage.bucket()).key(objectKey).uploadId(id)));
        }
    }
}
