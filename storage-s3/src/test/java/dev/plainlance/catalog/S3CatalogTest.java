package dev.plainlance.catalog;

import dev.plainlance.lance.io.Storage;
import dev.plainlance.lance.io.s3.S3TestServer;

/** The catalog's create, publish, read-back and conflict tests, with the catalog in a bucket of the S3 server. */
class S3CatalogTest extends CatalogTest {

    @Override
    Storage newRoot() {
        return S3TestServer.get().newStorage("catalog");
    }
}
