package dev.plainlance.lance.io;

import java.util.Map;
import java.util.Set;

/**
 * Opens {@link Storage} for URI schemes beyond local paths (such as {@code s3://}). {@link Storages} finds
 * providers through {@link java.util.ServiceLoader}, so a storage module on the class path adds its schemes.
 */
public interface StorageProvider {

    /** The URI schemes this provider opens, in lower case, e.g. {@code s3}. */
    Set<String> schemes();

    /**
     * Storage rooted at {@code uri}, configured by {@code options}: storage options named as official Lance names
     * them (e.g. {@code aws_region}); keys it does not know are ignored.
     */
    Storage open(String uri, Map<String, String> options);
}
