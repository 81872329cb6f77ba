package dev.plainlance.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine.Command;

/**
 * Issue 15, CLI start-up: {@code Main} builds only the named subcommand of a group, not the group's whole picocli
 * tree. Nothing a user sees may change: for every subcommand of every group, its help and its usage errors print
 * the same and exit the same with the narrowed tree as with the whole one.
 */
class NarrowedTreeTest {
    static Stream<String[]> leaves() {
        List<String[]> out = new ArrayList<>();
        for (Class<?> group : List.of(DatasetCommand.class, CatalogCommand.class, GraphCommand.class)) {
            String name = group.getAnnotation(Command.class).name();
            for (Class<?> sub : group.getAnnotation(Command.class).subcommands()) {
                out.add(new String[] {name, sub.getAnnotation(Command.class).name()});
            }
        }
        return out.stream();
    }

    private record Run(int code, String out, String err) {}

    private static Run run(boolean narrow, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true), narrow);
        return new Run(code, out.toString(), err.toString());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("leaves")
    void aNarrowedSubcommandBehavesAsInTheWholeTree(String group, String leaf) {
        List<String[]> invocations = List.of(
                new String[] {group, leaf, "--help"},
                new String[] {group, leaf},
                new String[] {group, leaf, "--no-such-option"},
                new String[] {group, leaf, "--version", "--tag"});
        for (String[] args : invocations) {
            Run whole = run(false, args);
            Run narrowed = run(true, args);
            assertEquals(whole, narrowed, String.join(" ", args));
        }
        Run help = run(true, group, leaf, "--help");
        assertTrue((help.out() + help.err()).contains("Usage: plainlance " + group + " " + leaf), help.toString());
    }
}
