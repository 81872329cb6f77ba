package dev.plainlance.recovery;

import dev.plainlance.lance.io.Storage;
import dev.plainlance.lance.io.s3.S3TestServer;

/** Multi-table commits of a catalog in a bucket of the S3 server. */
class S3MultiTableCommitTest extends MultiTableCommitTest {

    @Override
    Storage newRoot() {
        return S3TestServer.get().open(S3TestServer.get().newUri("multi-table", "catalog"));
    }
}
