package dev.plainlance.lance.io.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class S3ConfigTest {

    @Test
    void officialOptionNamesConfigureEndpointRegionCredentialsAndAddressing() {
        S3Config config = S3Config.from(
                Map.of(
                        "AWS_ENDPOINT", "http://127.0.0.1:9000",
                        "aws_region", "eu-west-3",
                        "aws_access_key_id", "id",
                        "aws_secret_access_key", "secret",
                        "allow_http", "true"),
                name -> null);
        assertEquals(Optional.of(URI.create("http://127.0.0.1:9000")), config.endpoint());
        assertEquals(Optional.of("eu-west-3"), config.region());
        assertEquals(Optional.of("id"), config.accessKeyId());
        assertTrue(config.pathStyle(), "path style by default with an endpoint (MinIO, S3Proxy)");
    }

    @Test
    void environmentVariablesFillWhatOptionsLeaveOut() {
        Map<String, String> env = Map.of(
                "AWS_ENDPOINT_URL", "https://account.r2.cloudflarestorage.com",
                "AWS_DEFAULT_REGION", "auto",
                "AWS_VIRTUAL_HOSTED_STYLE_REQUEST", "true");
        S3Config config = S3Config.from(Map.of("aws_region", "us-east-2"), env::get);
        assertEquals(Optional.of(URI.create("https://account.r2.cloudflarestorage.com")), config.endpoint());
        assertEquals(Optional.of("us-east-2"), config.region(), "an option beats the environment");
        assertFalse(config.pathStyle());
        assertTrue(config.accessKeyId().isEmpty(), "credentials come from the SDK's default chain");
        assertFalse(S3Config.from(Map.of(), name -> null).pathStyle(), "AWS itself: virtual-hosted style");
    }

    @Test
    void plainHttpAndHalfCredentialsAreRefused() {
        IllegalArgumentException http = assertThrows(
                IllegalArgumentException.class,
                () -> S3Config.from(Map.of("aws_endpoint", "http://localhost:9000"), name -> null));
        assertTrue(http.getMessage().contains("allow_http=true"), http.getMessage());
        assertThrows(
                IllegalArgumentException.class, () -> S3Config.from(Map.of("aws_access_key_id", "id"), name -> null));
    }

    @Test
    void locationsSplitIntoBucketAndPrefix() {
        assertEquals(new S3Location("b", ""), S3Location.parse("s3://b"));
        assertEquals(new S3Location("b", "x/y.lance/"), S3Location.parse("s3://b/x//y.lance/"));
        assertThrows(IllegalArgumentException.class, () -> S3Location.parse("s3:///x"));
        assertThrows(IllegalArgumentException.class, () -> S3Location.parse("s3://b/../x"));
    }
}
