package dev.plainlance.lance.io;

import dev.plainlance.lance.io.s3.S3TestServer;
import java.util.stream.Stream;

/** The storage contract of lance-core, on the S3 test server: at a bucket's root and under a key prefix. */
class S3StorageContractTest extends StorageContractTest {

    static Stream<Storage> storages() {
        S3TestServer server = S3TestServer.get();
        return Stream.of(server.newStorage("contract-root"), server.open(server.newUri("contract-prefix", "a/b/")));
    }
}
