package dev.plainlance.substrait;

import io.substrait.proto.Expression;
import io.substrait.proto.ExpressionReference;
import io.substrait.proto.ExtendedExpression;
import io.substrait.proto.FunctionArgument;
import io.substrait.proto.NamedStruct;
import io.substrait.proto.SimpleExtensionDeclaration;
import io.substrait.proto.SimpleExtensionURN;
import io.substrait.proto.Type;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds Substrait {@code ExtendedExpression} messages for tests: a base schema of named top-level columns, then one
 * expression made of field references, literals and functions (declared by name as they are first used).
 */
public final class SubstraitMessages {
    private final List<String> names = new ArrayList<>();
    private final Type.Struct.Builder types =
            Type.Struct.newBuilder().setNullability(Type.Nullability.NULLABILITY_REQUIRED);
    private final Map<String, Integer> functions = new LinkedHashMap<>();

    /** Adds a top-level column of the base schema; {@code type} is one of i32, i64, fp64, string, bool. */
    public SubstraitMessages column(String name, String type) {
        names.add(name);
        Type.Nullability nullable = Type.Nullability.NULLABILITY_NULLABLE;
        types.addTypes(
                switch (type) {
                    case "i32" -> Type.newBuilder().setI32(Type.I32.newBuilder().setNullability(nullable));
                    case "i64" -> Type.newBuilder().setI64(Type.I64.newBuilder().setNullability(nullable));
                    case "fp64" ->
                        Type.newBuilder().setFp64(Type.FP64.newBuilder().setNullability(nullable));
                    case "string" ->
                        Type.newBuilder().setString(Type.String.newBuilder().setNullability(nullable));
                    case "bool" ->
                        Type.newBuilder().setBool(Type.Boolean.newBuilder().setNullability(nullable));
                    default -> throw new IllegalArgumentException(type);
                });
        return this;
    }

    /** Adds a top-level column holding a list of structs of one int64 field, {@code field}, named after it. */
    public SubstraitMessages listOfStructs(String name, String field) {
        names.add(name);
        names.add(field);
        Type.Nullability nullable = Type.Nullability.NULLABILITY_NULLABLE;
        types.addTypes(Type.newBuilder()
                .setList(Type.List.newBuilder()
                        .setNullability(nullable)
                        .setType(Type.newBuilder()
                                .setStruct(Type.Struct.newBuilder()
                                        .setNullability(nullable)
                                        .addTypes(Type.newBuilder()
                                                .setI64(Type.I64.newBuilder().setNullability(nullable)))))));
        return this;
    }

    /** A reference to the base schema's top-level field {@code index}. */
    public static Expression field(int index) {
        return Expression.newBuilder()
                .setSelection(Expression.FieldReference.newBuilder()
                        .setDirectReference(Expression.ReferenceSegment.newBuilder()
                                .setStructField(Expression.ReferenceSegment.StructField.newBuilder()
                                        .setField(index)))
                        .setRootReference(Expression.FieldReference.RootReference.getDefaultInstance()))
                .build();
    }

    public static Expression i64(long value) {
        return literal(Expression.Literal.newBuilder().setI64(value));
    }

    public static Expression i32(int value) {
        return literal(Expression.Literal.newBuilder().setI32(value));
    }

    public static Expression fp64(double value) {
        return literal(Expression.Literal.newBuilder().setFp64(value));
    }

    public static Expression string(String value) {
        return literal(Expression.Literal.newBuilder().setString(value));
    }

    public static Expression bool(boolean value) {
        return literal(Expression.Literal.newBuilder().setBoolean(value));
    }

    private static Expression literal(Expression.Literal.Builder literal) {
        return Expression.newBuilder().setLiteral(literal).build();
    }

    /** {@code value IN (options)}. */
    public static Expression in(Expression value, Expression... options) {
        return Expression.newBuilder()
                .setSingularOrList(
                        Expression.SingularOrList.newBuilder().setValue(value).addAllOptions(List.of(options)))
                .build();
    }

    /** A call of the function named {@code name} (with or without its signature, {@code "gt:any_any"}). */
    public Expression call(String name, Expression... arguments) {
        int anchor = functions.computeIfAbsent(name, n -> functions.size() + 1);
        Expression.ScalarFunction.Builder call = Expression.ScalarFunction.newBuilder()
                .setFunctionReference(anchor)
                .setOutputType(Type.newBuilder()
                        .setBool(Type.Boolean.newBuilder().setNullability(Type.Nullability.NULLABILITY_NULLABLE)));
        for (Expression argument : arguments) {
            call.addArguments(FunctionArgument.newBuilder().setValue(argument));
        }
        return Expression.newBuilder().setScalarFunction(call).build();
    }

    /** The message holding {@code expression} over the columns added, as the bytes the scan options take. */
    public ByteBuffer message(Expression expression) {
        ExtendedExpression.Builder message = ExtendedExpression.newBuilder()
                .addExtensionUrns(SimpleExtensionURN.newBuilder()
                        .setExtensionUrnAnchor(1)
                        .setUrn("extension:io.substrait:functions_comparison"));
        functions.forEach((name, anchor) -> message.addExtensions(SimpleExtensionDeclaration.newBuilder()
                .setExtensionFunction(SimpleExtensionDeclaration.ExtensionFunction.newBuilder()
                        .setExtensionUrnReference(1)
                        .setFunctionAnchor(anchor)
                        .setName(name))));
        message.addReferredExpr(
                ExpressionReference.newBuilder().setExpression(expression).addOutputNames("filter"));
        message.setBaseSchema(NamedStruct.newBuilder().addAllNames(names).setStruct(types));
        byte[] bytes = message.build().toByteArray();
        // a direct buffer, as the official library takes them
        ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length);
        direct.put(bytes).flip();
        return direct;
    }
}
