package dev.plainlance.lance.operation;

import dev.plainlance.lance.env.Env;
import dev.plainlance.lance.table.TableSnapshot;
import java.io.IOException;

/**
 * One change to one table, as a value. {@link #stage} plans the change on a base snapshot and writes the new
 * files it needs; {@link TableCommits} makes the plan a version.
 *
 * <p>Contract:
 * <ul>
 *   <li>Staging never makes anything visible: it only writes new files (data files, deletion files) that no
 *       version references yet, so a plan that is never committed is garbage for cleanup, never damage.</li>
 *   <li>An operation may be staged again, on a newer base, after its commit lost to a conflicting one: every
 *       input it needs again is kept by the operation (written data files are reused, not rewritten).</li>
 *   <li>Errors in the request itself (bad SQL, unknown columns, wrong schema) are thrown by staging, before any
 *       commit is attempted.</li>
 * </ul>
 */
public interface TableOperation {

    /** Plans this change on {@code base} (the absent snapshot for a table that does not exist yet). */
    StagedTransaction stage(TableSnapshot base, Env env) throws IOException;

    /** A short description for messages and audit records, e.g. {@code delete where id > 3}. */
    String describe();
}
