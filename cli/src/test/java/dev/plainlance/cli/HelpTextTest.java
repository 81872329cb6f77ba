package dev.plainlance.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command's help renders as written: a '%' meant literally must be "%%" (picocli formats descriptions). */
class HelpTextTest {
    @Test
    void everyCommandsHelpRendersWithoutFormatWarnings() {
        List<CommandLine> commands = new ArrayList<>();
        CommandLine root = new CommandLine(new Main());
        Main.BUILT_IN.forEach(root::addSubcommand);
        collect(root, commands);
        PrintStream original = System.err;
        ByteArrayOutputStream warnings = new ByteArrayOutputStream();
        System.setErr(new PrintStream(warnings, true, StandardCharsets.UTF_8));
        String deleteHelp = null;
        try {
            for (CommandLine command : commands) {
                String usage = command.getUsageMessage();
                if (command.getCommandName().equals("delete")
                        && command.getParent().getCommandName().equals("dataset")) {
                    deleteHelp = usage;
                }
            }
        } finally {
            System.setErr(original);
        }
        assertEquals("", warnings.toString(StandardCharsets.UTF_8));
        assertTrue(commands.size() > 20, commands.size() + " commands");
        assertTrue(deleteHelp != null && deleteHelp.contains("\"id % 3 = 0\""), String.valueOf(deleteHelp));
    }

    private static void collect(CommandLine command, List<CommandLine> out) {
        out.add(command);
        command.getSubcommands().values().forEach(sub -> collect(sub, out));
    }
}
