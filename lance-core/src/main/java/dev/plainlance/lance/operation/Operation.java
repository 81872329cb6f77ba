package dev.plainlance.lance.operation;

/**
 * The change a transaction built with {@code Dataset.newTransactionBuilder()} commits, mirroring
 * {@code org.lance.operation.Operation}: {@link Append}, {@link Overwrite}, {@link Delete}, {@link Update} or {@link Merge} of fragments written
 * earlier.
 */
public sealed interface Operation permits Append, Overwrite, Delete, Update, Merge {
    /** The operation's name as Lance spells it, e.g. {@code Append}. */
    String name();
}
