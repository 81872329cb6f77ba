package dev.plainlance.graph.schema;

import java.util.List;

/** The parse tree of a {@code .pg} source, with positions, before {@link SchemaChecker} checks and resolves it. */
final class Raw {
    private Raw() {}

    enum DeclKind {
        INTERFACE,
        NODE,
        EDGE
    }

    record Name(String text, Pos pos) {}

    /** An annotation such as {@code @key}, {@code @range(0..9)} or {@code @check(code, "[A-Z]+")}. */
    record Annotation(String name, List<Arg> args, boolean parenthesized, Pos pos) {}

    sealed interface Arg {
        Pos pos();
    }

    record WordArg(String text, Pos pos) implements Arg {}

    record StringArg(String text, Pos pos) implements Arg {}

    record NumberArg(String text, Pos pos) implements Arg {}

    /** {@code min..max}; either side may be null (open). */
    record RangeArg(String min, String max, Pos pos) implements Arg {}

    /** A property; {@code type} is null when the type did not check (the error is already reported). */
    record Property(Name name, PropertyType type, boolean nullable, List<Annotation> annotations) {}

    record Decl(
            DeclKind kind,
            Name name,
            List<Annotation> headAnnotations,
            List<Name> interfaces,
            Name from,
            Name to,
            List<Property> properties,
            List<Annotation> bodyConstraints) {}
}
