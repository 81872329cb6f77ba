package dev.plainlance.lance.io.s3;

import dev.plainlance.lance.io.Storage;
import dev.plainlance.lance.io.StorageProvider;
import java.util.Map;
import java.util.Set;

/** Opens {@code s3://bucket/prefix} URIs as {@link S3Storage}; registered for {@link java.util.ServiceLoader}. */
public final class S3StorageProvider implements StorageProvider {

    @Override
    public Set<String> schemes() {
        return Set.of("s3");
    }

    @Override
    public Storage open(String uri, Map<String, String> options) {
        S3Location location = S3Location.parse(uri);
        S3Config config = S3Config.from(options, System::getenv);
        return new S3Storage(S3Clients.forConfig(config), location.bucket(), location.prefix());
    }
}
