package dev.plainlance.lance.io.s3;

import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * How to reach an S3-compatible store, read from storage options named as official Lance (object_store) names
 * them, then from the matching environment variables. Absent credentials and region fall back to the AWS SDK's
 * default chains.
 *
 * <table>
 *   <caption>Storage options and environment variables</caption>
 *   <tr><th>option</th><th>environment</th><th>meaning</th></tr>
 *   <tr><td>aws_endpoint, aws_endpoint_url, endpoint</td><td>AWS_ENDPOINT_URL, AWS_ENDPOINT</td>
 *       <td>endpoint of an S3-compatible store (MinIO, R2, ...)</td></tr>
 *   <tr><td>aws_region, region</td><td>AWS_REGION, AWS_DEFAULT_REGION</td><td>signing region</td></tr>
 *   <tr><td>aws_access_key_id, access_key_id</td><td>AWS_ACCESS_KEY_ID</td><td>static credentials ...</td></tr>
 *   <tr><td>aws_secret_access_key, secret_access_key</td><td>AWS_SECRET_ACCESS_KEY</td><td>... their secret</td></tr>
 *   <tr><td>aws_session_token, session_token, aws_token, token</td><td>AWS_SESSION_TOKEN</td>
 *       <td>... and session token</td></tr>
 *   <tr><td>aws_virtual_hosted_style_request, virtual_hosted_style_request</td>
 *       <td>AWS_VIRTUAL_HOSTED_STYLE_REQUEST</td><td>bucket in the host name; default: path style with an
 *       endpoint, virtual-hosted style without</td></tr>
 *   <tr><td>allow_http, aws_allow_http</td><td>AWS_ALLOW_HTTP</td><td>allow an http:// endpoint</td></tr>
 * </table>
 *
 * Option keys are case-insensitive.
 */
record S3Config(
        Optional<URI> endpoint,
        Optional<String> region,
        Optional<String> accessKeyId,
        Optional<String> secretAccessKey,
        Optional<String> sessionToken,
        boolean pathStyle) {

    static S3Config from(Map<String, String> options, UnaryOperator<String> environment) {
        Lookup lookup = new Lookup(options, environment);
        Optional<URI> endpoint = lookup.get(
                        "AWS_ENDPOINT_URL", "aws_endpoint", "aws_endpoint_url", "endpoint", "endpoint_url")
                .or(() -> lookup.env("AWS_ENDPOINT"))
                .map(URI::create);
        if (endpoint.isPresent() && "http".equalsIgnoreCase(endpoint.get().getScheme())) {
            boolean allowHttp = lookup.get("AWS_ALLOW_HTTP", "allow_http", "aws_allow_http")
                    .map(Boolean::parseBoolean)
                    .orElse(false);
            if (!allowHttp) {
                throw new IllegalArgumentException("refusing plain-http S3 endpoint " + endpoint.get()
                        + " (set the storage option allow_http=true to allow it)");
            }
        }
        boolean virtualHosted = lookup.get(
                        "AWS_VIRTUAL_HOSTED_STYLE_REQUEST",
                        "aws_virtual_hosted_style_request",
                        "virtual_hosted_style_request")
                .map(Boolean::parseBoolean)
                .orElse(endpoint.isEmpty());
        Optional<String> accessKeyId = lookup.get("AWS_ACCESS_KEY_ID", "aws_access_key_id", "access_key_id");
        Optional<String> secret = lookup.get("AWS_SECRET_ACCESS_KEY", "aws_secret_access_key", "secret_access_key");
        if (accessKeyId.isPresent() != secret.isPresent()) {
            throw new IllegalArgumentException("S3 storage options give an access key id without its secret access key"
                    + " or the other way round; give both or neither");
        }
        return new S3Config(
                endpoint,
                lookup.get("AWS_REGION", "aws_region", "region").or(() -> lookup.env("AWS_DEFAULT_REGION")),
                accessKeyId,
                secret,
                lookup.get("AWS_SESSION_TOKEN", "aws_session_token", "session_token", "aws_token", "token"),
                !virtualHosted);
    }

    /** Options (case-insensitive keys) first, then one environment variable. */
    private record Lookup(Map<String, String> options, UnaryOperator<String> environment) {
        Optional<String> get(String envName, String... keys) {
            for (String key : keys) {
                for (Map.Entry<String, String> option : options.entrySet()) {
                    if (option.getKey().toLowerCase(Locale.ROOT).equals(key)
                            && !option.getValue().isBlank()) {
                        return Optional.of(option.getValue().trim());
                    }
                }
            }
            return env(envName);
        }

        Optional<String> env(String name) {
            return Optional.ofNullable(environment.apply(name))
                    .filter(v -> !v.isBlank())
                    .map(String::trim);
        }
    }
}
