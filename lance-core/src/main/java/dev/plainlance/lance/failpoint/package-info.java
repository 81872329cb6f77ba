/**
 * Named crash points shared by the write paths, recovery, the testkit and the CLI's {@code --halt-at}.
 */
package dev.plainlance.lance.failpoint;
