package dev.plainlance.interop.concurrent;

import dev.plainlance.lance.io.s3.S3TestServer;
import java.util.Map;

/**
 * The multi-process commit test with the dataset in a bucket of the S3 test server: 4 writer JVMs, configured by
 * the AWS environment variables, race conditional PUTs for every version.
 */
class S3MultiProcessCommitTest extends MultiProcessCommitTest {
    private final S3TestServer server = S3TestServer.get();

    @Override
    String location() {
        return server.newUri("multi-process", "ds.lance");
    }

    /** Fewer than on the local file system: each commit is a dozen requests to the server. */
    @Override
    int operationsPerWorker() {
        return 20;
    }

    @Override
    Map<String, String> storageOptions() {
        return server.storageOptions();
    }

    @Override
    void configure(ProcessBuilder writer) {
        Map<String, String> env = writer.environment();
        env.keySet().removeIf(name -> name.startsWith("AWS_"));
        env.put("AWS_ENDPOINT_URL", server.endpoint().toString());
        env.put("AWS_ACCESS_KEY_ID", S3TestServer.ACCESS_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", S3TestServer.SECRET_KEY);
        env.put("AWS_REGION", S3TestServer.REGION);
        env.put("AWS_ALLOW_HTTP", "true");
    }
}
