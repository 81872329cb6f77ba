package dev.plainlance.catalog;

/**
 * The outcome of a successful publish.
 *
 * @param snapshot the catalog state after it
 * @param alreadyApplied true when nothing new was written because the state already had every change (a retried
 *     or concurrent publish of the same changes won first); the postcondition holds either way
 */
public record PublishResult(CatalogSnapshot snapshot, boolean alreadyApplied) {}
