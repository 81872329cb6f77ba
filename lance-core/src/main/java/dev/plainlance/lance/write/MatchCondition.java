package dev.plainlance.lance.write;

import dev.plainlance.lance.expr.ColumnReferences;
import dev.plainlance.lance.expr.Expression;
import dev.plainlance.lance.expr.Expressions;
import dev.plainlance.lance.expr.Predicate;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The condition of a merge insert's conditional update: a SQL predicate over a matched target row, named {@code
 * target.<column>}, and its source row, {@code source.<column>}, tested for many matched pairs at once.
 */
final class MatchCondition {
    static final String TARGET = "target";
    static final String SOURCE = "source";

    private final List<String> targetColumns;
    private final List<String> sourceColumns;
    private final Schema pairs;
    private final Predicate predicate;

    private MatchCondition(List<String> targetColumns, List<String> sourceColumns, Schema pairs, Predicate predicate) {
        this.targetColumns = targetColumns;
        this.sourceColumns = sourceColumns;
        this.pairs = pairs;
        this.predicate = predicate;
    }

    /**
     * Binds {@code sql} to the table's {@code columns} as both the target and the source row.
     *
     * @throws dev.plainlance.lance.expr.ExpressionParseException for a syntax error, a column neither {@code
     *     target.<column>} nor {@code source.<column>}, or a type error, naming its position
     */
    static MatchCondition of(String sql, List<Field> columns) {
        Expression expression = Expressions.parse(sql);
        Expressions.bind(expression, pairSchema(columns, columns));
        Set<String> target = new LinkedHashSet<>();
        Set<String> source = new LinkedHashSet<>();
        for (List<String> path : ColumnReferences.paths(expression)) {
            if (path.size() > 1) {
                (path.get(0).equals(TARGET) ? target : source).add(path.get(1));
            } else {
                // the whole row as a struct: all of its columns
                columns.forEach(c -> (path.get(0).equals(TARGET) ? target : source).add(c.getName()));
            }
        }
        Schema pairs = pairSchema(pick(columns, target), pick(columns, source));
        return new MatchCondition(List.copyOf(target), List.copyOf(source), pairs, Expressions.predicate(sql, pairs));
    }

    /** The target columns the condition reads. */
    List<String> targetColumns() {
        return targetColumns;
    }

    /**
     * Which of the pairs (target row {@code targetRows[i]} of {@code target}, source row {@code sourceRows[i]},
     * located by {@code source}) the condition holds for, {@code i < n}.
     */
    BitSet test(
            VectorSchemaRoot target,
            int[] targetRows,
            SourceRows source,
            int[] sourceRows,
            int n,
            BufferAllocator allocator) {
        try (VectorSchemaRoot root = VectorSchemaRoot.create(pairs, allocator)) {
            fill(
                    (StructVector) root.getVector(TARGET),
                    targetColumns,
                    n,
                    (column, i) -> target.getVector(column),
                    i -> targetRows[i]);
            fill(
                    (StructVector) root.getVector(SOURCE),
                    sourceColumns,
                    n,
                    (column, i) -> source.batch(sourceRows[i]).getVector(column),
                    i -> source.row(sourceRows[i]));
            root.setRowCount(n);
            return predicate.test(root);
        }
    }

    /** The rows of a merge insert's source, by their number across its batches. */
    interface SourceRows {
        VectorSchemaRoot batch(int row);

        int row(int row);
    }

    private interface Values {
        FieldVector of(String column, int pair);
    }

    private static void fill(
            StructVector struct, List<String> columns, int n, Values from, java.util.function.IntUnaryOperator row) {
        struct.setInitialCapacity(n);
        struct.allocateNew();
        for (String column : columns) {
            FieldVector child = (FieldVector) struct.getChild(column);
            for (int i = 0; i < n; i++) {
                child.copyFromSafe(row.applyAsInt(i), i, from.of(column, i));
            }
            child.setValueCount(n);
        }
        for (int i = 0; i < n; i++) {
            struct.setIndexDefined(i);
        }
        struct.setValueCount(n);
    }

    private static List<Field> pick(List<Field> columns, Set<String> names) {
        List<Field> out = new ArrayList<>();
        for (Field field : columns) {
            if (names.contains(field.getName())) {
                out.add(field);
            }
        }
        return out;
    }

    private static Schema pairSchema(List<Field> target, List<Field> source) {
        return new Schema(List.of(
                new Field(TARGET, FieldType.notNullable(ArrowType.Struct.INSTANCE), target),
                new Field(SOURCE, FieldType.notNullable(ArrowType.Struct.INSTANCE), source)));
    }
}
