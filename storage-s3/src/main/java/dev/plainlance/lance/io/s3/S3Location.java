package dev.plainlance.lance.io.s3;

import java.util.Locale;

/** An {@code s3://bucket/prefix} URI: the bucket and the key prefix ("" or ending in '/') objects live under. */
record S3Location(String bucket, String prefix) {

    static S3Location parse(String uri) {
        int colon = uri.indexOf("://");
        if (colon < 0 || !uri.substring(0, colon).toLowerCase(Locale.ROOT).equals("s3")) {
            throw new IllegalArgumentException("not an s3:// URI: " + uri);
        }
        String rest = uri.substring(colon + 3);
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        if (bucket.isEmpty()) {
            throw new IllegalArgumentException("no bucket in " + uri + " (expected s3://bucket/prefix)");
        }
        StringBuilder prefix = new StringBuilder();
        if (slash >= 0) {
            for (String segment : rest.substring(slash + 1).split("/")) {
                if (segment.equals(".") || segment.equals("..")) {
                    throw new IllegalArgumentException("'" + segment + "' segment in " + uri);
                }
                if (!segment.isEmpty()) {
                    prefix.append(segment).append('/');
                }
            }
        }
        return new S3Location(bucket, prefix.toString());
    }
}
