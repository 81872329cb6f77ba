package dev.plainlance.lance.io.s3;

import dev.plainlance.lance.io.Storage;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.junit.S3ProxyJunitCore;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The S3-compatible server of the tests: S3Proxy on its file system store, started in this JVM on a free
 * loopback port the first time a test asks, and stopped when the JVM exits. Its file system store publishes an
 * {@code If-None-Match: *} PUT exclusively (S3Proxy 4.0 and later), which {@code S3ServerConditionalPutTest}
 * checks under concurrency. Each test takes a fresh bucket.
 */
public final class S3TestServer {
    public static final String ACCESS_KEY = "plainlance-access";
    public static final String SECRET_KEY = "plainlance-secret-key";
    public static final String REGION = "us-east-1";

    private static S3TestServer instance;

    private final S3ProxyJunitCore proxy;
    private final URI endpoint;
    private final AtomicInteger buckets = new AtomicInteger();

    private S3TestServer() throws Exception {
        proxy = new S3ProxyJunitCore.Builder()
                .withCredentials(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .withBlobStoreProvider("filesystem")
                .build();
        proxy.beforeEach();
        endpoint = proxy.getUri();
        Runtime.getRuntime().addShutdownHook(new Thread(proxy::afterEach, "s3-test-server-stop"));
    }

    /** The running server, started on first use. */
    public static synchronized S3TestServer get() {
        if (instance == null) {
            try {
                instance = new S3TestServer();
            } catch (Exception e) {
                throw new IllegalStateException("cannot start the S3 test server (S3Proxy): " + e, e);
            }
        }
        return instance;
    }

    public URI endpoint() {
        return endpoint;
    }

    /** Storage options, as official Lance names them, that reach this server. */
    public Map<String, String> storageOptions() {
        return Map.of(
                "aws_endpoint",
                endpoint.toString(),
                "aws_access_key_id",
                ACCESS_KEY,
                "aws_secret_access_key",
                SECRET_KEY,
                "aws_region",
                REGION,
                "allow_http",
                "true",
                "aws_virtual_hosted_style_request",
                "false");
    }

    /** The SDK client every storage on this server shares. */
    public S3Client client() {
        return S3Clients.forConfig(S3Config.from(storageOptions(), name -> null));
    }

    /** A new client of this server that passes every request through {@code interceptor}; the caller closes it. */
    public S3Client client(ExecutionInterceptor interceptor) {
        return S3Clients.builder(S3Config.from(storageOptions(), name -> null))
                .overrideConfiguration(o -> o.addExecutionInterceptor(interceptor))
                .build();
    }

    /** Creates a new, empty bucket named after {@code purpose}; returns its name. */
    public String newBucket(String purpose) {
        String clean = purpose.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
        String name = (clean.length() > 40 ? clean.substring(0, 40) : clean).replaceAll("^-|-$", "") + "-"
                + buckets.incrementAndGet();
        client().createBucket(b -> b.bucket(name));
        return name;
    }

    /** {@code s3://} URI of a new bucket's {@code prefix}. */
    public String newUri(String purpose, String prefix) {
        return "s3://" + newBucket(purpose) + "/" + prefix;
    }

    /** Storage at the root of a new bucket. */
    public S3Storage newStorage(String purpose) {
        return new S3Storage(client(), newBucket(purpose), "");
    }

    /** Storage at {@code uri} on this server, opened as any s3:// URI is. */
    public Storage open(String uri) {
        return new S3StorageProvider().open(uri, storageOptions());
    }
}
