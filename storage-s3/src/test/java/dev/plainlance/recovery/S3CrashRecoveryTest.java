package dev.plainlance.recovery;

import dev.plainlance.lance.io.Storage;
import dev.plainlance.lance.io.s3.S3TestServer;

/** Writers and recoveries crashed at every failpoint, with the catalog in a bucket of the S3 server. */
class S3CrashRecoveryTest extends CrashRecoveryTest {

    @Override
    Storage newRoot() {
        return S3TestServer.get().newStorage("crash-recovery");
    }
}
