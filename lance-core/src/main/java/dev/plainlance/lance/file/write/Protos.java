package dev.plainlance.lance.file.write;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.MessageLite;

/** Wrapping of page and column encodings into {@code google.protobuf.Any} as the official writer does. */
final class Protos {
    static final String PAGE_LAYOUT_21 = "/lance.encodings21.PageLayout";
    static final String ARRAY_ENCODING_20 = "/lance.encodings.ArrayEncoding";

    private Protos() {}

    static byte[] any(String typeUrl, byte[] value) {
        return Any.newBuilder()
                .setTypeUrl(typeUrl)
                .setValue(ByteString.copyFrom(value))
                .build()
                .toByteArray();
    }

    static byte[] any(String typeUrl, MessageLite message) {
        return any(typeUrl, message.toByteArray());
    }
}
