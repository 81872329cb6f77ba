package dev.plainlance.lance.io.s3;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * One {@link S3Client} per {@link S3Config}, shared by every storage opened with it for the life of the JVM (a
 * client is a connection pool; storages are not closed).
 *
 * <p>The SDK's own retries are off: a retried conditional PUT whose first response was lost would come back as
 * "already exists" for a write that won, so {@link S3Storage} retries itself, through the project's Retry.
 * Request checksums are sent only where S3 requires them, as other S3 clients do, so S3-compatible stores that
 * lack the newer checksum headers accept the requests. Uploads are signed over their whole payload (its SHA-256
 * in {@code x-amz-content-sha256}), not sent as {@code aws-chunked} bodies signed chunk by chunk: every body is
 * in memory already, and the server then checks one signature instead of one per chunk, as for the official
 * library's PUTs.
 */
final class S3Clients {
    private static final Map<S3Config, S3Client> CLIENTS = new ConcurrentHashMap<>();

    private S3Clients() {}

    static S3Client forConfig(S3Config config) {
        return CLIENTS.computeIfAbsent(config, S3Clients::build);
    }

    private static S3Client build(S3Config config) {
        return builder(config).build();
    }

    /** A builder of the client for {@code config}, for tests that add interceptors. */
    static S3ClientBuilder builder(S3Config config) {
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(Apache5HttpClient.builder()
                        .maxConnections(64)
                        .connectionTimeout(Duration.ofSeconds(10))
                        .socketTimeout(Duration.ofSeconds(60)))
                .region(region(config))
                .credentialsProvider(credentials(config))
                .serviceConfiguration(S3Configuration.builder()
                        .pathStyleAccessEnabled(config.pathStyle())
                        .chunkedEncodingEnabled(false)
                        .build())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()));
        config.endpoint().ifPresent(builder::endpointOverride);
        return builder;
    }

    private static Region region(S3Config config) {
        if (config.region().isPresent()) {
            return Region.of(config.region().get());
        }
        try {
            return new DefaultAwsRegionProviderChain().getRegion();
        } catch (RuntimeException noRegionConfigured) {
            return Region.US_EAST_1;
        }
    }

    private static AwsCredentialsProvider credentials(S3Config config) {
        if (config.accessKeyId().isEmpty()) {
            return DefaultCredentialsProvider.builder().build();
        }
        String id = config.accessKeyId().get();
        String secret = config.secretAccessKey().orElseThrow();
        return StaticCredentialsProvider.create(
                config.sessionToken().isPresent()
                        ? AwsSessionCredentials.create(
                                id, secret, config.sessionToken().get())
                        : AwsBasicCredentials.create(id, secret));
    }
}
