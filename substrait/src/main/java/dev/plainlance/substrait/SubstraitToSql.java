package dev.plainlance.substrait;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.plainlance.lance.expr.SubstraitTranslator;
import io.substrait.proto.Expression;
import io.substrait.proto.ExtendedExpression;
import io.substrait.proto.FunctionArgument;
import io.substrait.proto.SimpleExtensionDeclaration;
import io.substrait.proto.Type;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads a Substrait {@code ExtendedExpression} and writes the SQL predicate it means, in the dialect of plainlance's
 * filters. Columns are named by the message's base schema (so a field index means the column of that name, wherever
 * the dataset has it), functions by the name their extension declares (the signature after {@code ':'} is ignored),
 * as the official library reads them.
 *
 * <p>Understood: field references into the base schema (nested struct fields too); boolean, integer, float, string
 * and date literals and nulls; the comparison functions ({@code equal}, {@code not_equal}, {@code lt}, {@code lte},
 * {@code gt}, {@code gte}, {@code between}, {@code is_null}, {@code is_not_null}), {@code and}, {@code or},
 * {@code not}, arithmetic ({@code add}, {@code subtract}, {@code multiply}, {@code divide}, {@code modulus},
 * {@code negate}), {@code like}, {@code IN} lists and casts to the SQL types. Anything else is refused by name.
 */
public final class SubstraitToSql implements SubstraitTranslator {
    private static final Map<String, String> BINARY = Map.ofEntries(
            Map.entry("equal", "="),
            Map.entry("not_equal", "<>"),
            Map.entry("lt", "<"),
            Map.entry("lte", "<="),
            Map.entry("gt", ">"),
            Map.entry("gte", ">="),
            Map.entry("add", "+"),
            Map.entry("subtract", "-"),
            Map.entry("multiply", "*"),
            Map.entry("divide", "/"),
            Map.entry("modulus", "%"),
            Map.entry("like", "LIKE"));

    /** A service-loaded translator; stateless. */
    public SubstraitToSql() {}

    @Override
    public String toSql(ByteBuffer extendedExpression, String what) {
        ExtendedExpression message;
        try {
            message = ExtendedExpression.parseFrom(extendedExpression.duplicate());
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException(what + " is not a Substrait ExtendedExpression: " + e.getMessage(), e);
        }
        if (message.getReferredExprCount() != 1) {
            throw new IllegalArgumentException(
                    what + " must hold one expression, it holds " + message.getReferredExprCount());
        }
        if (!message.getReferredExpr(0).hasExpression()) {
            throw new IllegalArgumentException(what + " holds a measure, not an expression");
        }
        Map<Integer, String> functions = new HashMap<>();
        for (SimpleExtensionDeclaration declaration : message.getExtensionsList()) {
            if (declaration.hasExtensionFunction()) {
                String name = declaration.getExtensionFunction().getName();
                int colon = name.indexOf(':');
                functions.put(
                        declaration.getExtensionFunction().getFunctionAnchor(),
                        (colon < 0 ? name : name.substring(0, colon)).toLowerCase(Locale.ROOT));
            }
        }
        Column schema = Column.root(
                message.getBaseSchema().getNamesList(), message.getBaseSchema().getStruct(), what);
        return new Writer(what, functions, schema)
                .sql(message.getReferredExpr(0).getExpression());
    }

    /** A field of the base schema: its SQL path and its children, for nested references. */
    private record Column(String path, List<Column> children) {
        /** The base schema's fields; {@code names} lists every field, parents before their children. */
        static Column root(List<String> names, Type.Struct struct, String what) {
            int[] next = {0};
            List<Column> fields = fields(names, struct, "", next, what);
            if (next[0] != names.size()) {
                throw new IllegalArgumentException(
                        what + ": its base schema names " + names.size() + " fields but its types hold " + next[0]);
            }
            return new Column("", fields);
        }

        private static List<Column> fields(
                List<String> names, Type.Struct struct, String prefix, int[] next, String what) {
            List<Column> out = new ArrayList<>();
            for (Type type : struct.getTypesList()) {
                if (next[0] >= names.size()) {
                    throw new IllegalArgumentException(what + ": its base schema has more types than names");
                }
                String path = prefix + quote(names.get(next[0]++));
                List<Column> children = List.of();
                if (type.hasStruct()) {
                    children = fields(names, type.getStruct(), path + ".", next, what);
                } else {
                    // the fields of structs inside lists and maps are named too, but cannot be referenced here
                    next[0] += nestedNames(type);
                }
                out.add(new Column(path, children));
            }
            return out;
        }

        /** How many names the struct fields nested in {@code type} take (in lists, maps and structs). */
        private static int nestedNames(Type type) {
            if (type.hasStruct()) {
                int n = 0;
                for (Type child : type.getStruct().getTypesList()) {
                    n += 1 + nestedNames(child);
                }
                return n;
            }
            if (type.hasList()) {
                return nestedNames(type.getList().getType());
            }
            if (type.hasMap()) {
                return nestedNames(type.getMap().getKey())
                        + nestedNames(type.getMap().getValue());
            }
            return 0;
        }
    }

    private static String quote(String name) {
        return "`" + name.replace("`", "``") + "`";
    }

    /** Writes one message's expressions. */
    private static final class Writer {
        private final String what;
        private final Map<Integer, String> functions;
        private final Column schema;

        Writer(String what, Map<Integer, String> functions, Column schema) {
            this.what = what;
            this.functions = functions;
            this.schema = schema;
        }

        String sql(Expression e) {
            return switch (e.getRexTypeCase()) {
                case LITERAL -> literal(e.getLiteral());
                case SELECTION -> field(e.getSelection());
                case SCALAR_FUNCTION -> function(e.getScalarFunction());
                case SINGULAR_OR_LIST ->
                    "(" + sql(e.getSingularOrList().getValue()) + " IN ("
                            + e.getSingularOrList().getOptionsList().stream()
                                    .map(this::sql)
                                    .collect(Collectors.joining(", "))
                            + "))";
                case CAST ->
                    "CAST(" + sql(e.getCast().getInput()) + " AS "
                            + type(e.getCast().getType()) + ")";
                default ->
                    throw refused(
                            "expressions of kind " + e.getRexTypeCase().name().toLowerCase(Locale.ROOT));
            };
        }

        private IllegalArgumentException refused(String thing) {
            return new IllegalArgumentException(what + ": " + thing + " cannot be read as a plainlance filter");
        }

        private String field(Expression.FieldReference reference) {
            if (!reference.hasDirectReference() || !reference.hasRootReference()) {
                throw refused("a field reference that is not a direct reference into the base schema");
            }
            Column column = schema;
            Expression.ReferenceSegment segment = reference.getDirectReference();
            while (true) {
                if (!segment.hasStructField()) {
                    throw refused("a reference into a list or map");
                }
                int index = segment.getStructField().getField();
                if (index < 0 || index >= column.children().size()) {
                    throw new IllegalArgumentException(what + ": field " + index + " is outside its base schema ("
                            + column.children().size() + " fields)");
                }
                column = column.children().get(index);
                if (!segment.getStructField().hasChild()) {
                    return column.path();
                }
                segment = segment.getStructField().getChild();
            }
        }

        private String function(Expression.ScalarFunction call) {
            String name = functions.get(call.getFunctionReference());
            if (name == null) {
                throw new IllegalArgumentException(
                        what + ": function anchor " + call.getFunctionReference() + " is not declared");
            }
            List<String> args = new ArrayList<>();
            for (FunctionArgument argument : call.getArgumentsList()) {
                if (!argument.hasValue()) {
                    throw refused("function '" + name + "' with a type or enum argument");
                }
                args.add(sql(argument.getValue()));
            }
            String binary = BINARY.get(name);
            if (binary != null) {
                arity(name, args, 2);
                return "(" + args.get(0) + " " + binary + " " + args.get(1) + ")";
            }
            return switch (name) {
                case "and", "or" -> {
                    if (args.isEmpty()) {
                        throw new IllegalArgumentException(what + ": '" + name + "' without arguments");
                    }
                    yield "(" + String.join(" " + name.toUpperCase(Locale.ROOT) + " ", args) + ")";
                }
                case "not" -> {
                    arity(name, args, 1);
                    yield "(NOT " + args.get(0) + ")";
                }
                case "negate" -> {
                    arity(name, args, 1);
                    yield "(-" + args.get(0) + ")";
                }
                case "is_null", "is_not_null" -> {
                    arity(name, args, 1);
                    yield "(" + args.get(0) + (name.equals("is_null") ? " IS NULL)" : " IS NOT NULL)");
                }
                case "between" -> {
                    arity(name, args, 3);
                    yield "(" + args.get(0) + " BETWEEN " + args.get(1) + " AND " + args.get(2) + ")";
                }
                default -> throw refused("function '" + name + "'");
            };
        }

        private void arity(String name, List<String> args, int expected) {
            if (args.size() != expected) {
                throw new IllegalArgumentException(
                        what + ": '" + name + "' takes " + expected + " arguments, it has " + args.size());
            }
        }

        private String literal(Expression.Literal literal) {
            return switch (literal.getLiteralTypeCase()) {
                case BOOLEAN -> literal.getBoolean() ? "TRUE" : "FALSE";
                case I8 -> Integer.toString(literal.getI8());
                case I16 -> Integer.toString(literal.getI16());
                case I32 -> Integer.toString(literal.getI32());
                case I64 -> Long.toString(literal.getI64());
                case FP32 -> decimal(literal.getFp32(), Float.toString(literal.getFp32()));
                case FP64 -> decimal(literal.getFp64(), Double.toString(literal.getFp64()));
                case STRING -> string(literal.getString());
                case VAR_CHAR -> string(literal.getVarChar().getValue());
                case FIXED_CHAR -> string(literal.getFixedChar());
                case DATE -> "DATE '" + LocalDate.ofEpochDay(literal.getDate()) + "'";
                case NULL -> "NULL";
                default ->
                    throw refused("a literal of type "
                            + literal.getLiteralTypeCase().name().toLowerCase(Locale.ROOT));
            };
        }

        private String decimal(double value, String shortest) {
            if (Double.isNaN(value) || Double.isInfinite(value)) {
                throw refused("the float literal " + value);
            }
            // plain notation, with a point so that the SQL reads a float literal
            String plain = new BigDecimal(shortest).stripTrailingZeros().toPlainString();
            return plain.contains(".") ? plain : plain + ".0";
        }

        private static String string(String value) {
            return "'" + value.replace("'", "''") + "'";
        }

        private String type(Type type) {
            return switch (type.getKindCase()) {
                case BOOL -> "BOOLEAN";
                case I8 -> "TINYINT";
                case I16 -> "SMALLINT";
                case I32 -> "INT";
                case I64 -> "BIGINT";
                case FP32 -> "FLOAT";
                case FP64 -> "DOUBLE";
                case STRING, VARCHAR -> "VARCHAR";
                case DATE -> "DATE";
                default ->
                    throw refused("a cast to " + type.getKindCase().name().toLowerCase(Locale.ROOT));
            };
        }
    }
}
