package dev.plainlance.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Issue 15 item 4: the reporter prints one printable line whatever exception reaches it. */
class ErrorReporterTest {
    @Test
    void anUntypedExceptionWithControlBytesIsPrintedAsOneEscapedLine() {
        assertEquals(
                "bad \\x1b[2J key \\r\\x1c end",
                ErrorReporter.describe(new IllegalStateException("bad \u001b[2J key\n\r\u001c end")));
    }
}
