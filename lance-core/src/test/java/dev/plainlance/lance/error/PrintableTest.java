package dev.plainlance.lance.error;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Issue 15 item 4: no non-printable character from a file reaches an error message. */
class PrintableTest {
    @Test
    void everyNonPrintableCodePointBelow0x3000IsEscapedAndPrintableTextIsKept() {
        for (int cp = 0; cp < 0x3000; cp++) {
            String escaped = Printable.escape("a" + new String(Character.toChars(cp)) + "b");
            boolean printable = escaped.length() == 3 && escaped.codePointAt(1) == cp;
            boolean control = Character.isISOControl(cp) || Character.getType(cp) == Character.FORMAT;
            if (control) {
                assertTrue(escaped.startsWith("a\\") && escaped.endsWith("b"), "U+" + Integer.toHexString(cp));
                assertTrue(escaped.chars().allMatch(c -> c >= 0x20 && c < 0x7f), escaped);
            } else if (Character.isDefined(cp) && !Character.isSurrogate((char) cp)) {
                assertTrue(
                        printable
                                || Character.getType(cp) == Character.PRIVATE_USE
                                || Character.getType(cp) == Character.LINE_SEPARATOR
                                || Character.getType(cp) == Character.PARAGRAPH_SEPARATOR,
                        "U+" + Integer.toHexString(cp) + " -> " + escaped);
            }
        }
    }

    @Test
    void escapesAreReadable() {
        assertEquals(
                "x\\r\\n\\t\\x1c\\x1b[31m\\x7f\\x9b\\u200e\\u2028",
                Printable.escape("x\r\n\t\u001c\u001b[31m\u007f\u009b\u200e\u2028"));
        assertEquals("plain ascii / ünïcode ✓", Printable.escape("plain ascii / ünïcode ✓"));
    }

    @Test
    void everyTypedErrorEscapesItsMessage() {
        assertEquals("f: bad \\x1b]0;x\\x07", new CorruptFileException("f", "bad \u001b]0;x\u0007").getMessage());
        assertEquals("col \\r", new LanceException("col \r").getMessage());
    }
}
