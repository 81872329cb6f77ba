package dev.plainlance.lance.file.v21;

import dev.plainlance.lance.file.codec.ArrayData;
import dev.plainlance.lance.file.codec.Bitmaps;
import dev.plainlance.lance.file.codec.DecodeException;
import dev.plainlance.lance.file.format.ColumnPages;
import dev.plainlance.lance.file.format.FieldReader;
import dev.plainlance.lance.file.format.FieldTree;
import dev.plainlance.lance.file.format.LanceFileVersion;
import dev.plainlance.lance.file.format.PickingFieldReader;
import dev.plainlance.lance.schema.BlobFields;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Builds readers for 2.1+ fields. Only leaf fields have columns; struct and list structure is
 * rebuilt from each leaf's repetition/definition levels.
 */
public final class V21FieldReaders {
    private V21FieldReaders() {}

    /** A reader of a top-level field whose leaves occupy {@code columns} in pre-order. */
    public static FieldReader create(
            FieldTree field, Field arrowField, List<ColumnPages> columns, long numRows, LanceFileVersion version) {
        List<V21LeafReader> leaves = new ArrayList<>();
        List<LeafShape> shapes = new ArrayList<>();
        collect(arrowField, new ArrayList<>(), columns, leaves, shapes);
        for (ColumnPages pages : columns) {
            if (pages.totalLength() != numRows) {
                throw new DecodeException("leaf column has " + pages.totalLength() + " rows, file has " + numRows);
            }
        }
        FieldReader reader = (start, count) ->
                assemble(arrowField, shapes, count, leaf -> leaves.get(leaf).read(start, count));
        if (shapes.stream().anyMatch(shape -> shape.maxRep > 0)) {
            return new ThreadSafeReader(reader);
        }
        return new PickingReader(
                reader,
                (rows, from, to) -> assemble(
                        arrowField, shapes, to - from, leaf -> leaves.get(leaf).readPicked(rows, from, to)));
    }

    /** Builds the field's {@code count} rows from the slice {@code slices} gives of each leaf. */
    private static ArrayData assemble(
            Field arrowField, List<LeafShape> shapes, int count, java.util.function.IntFunction<LeafSlice> slices) {
        LeafAssembly[] assemblies = new LeafAssembly[shapes.size()];
        ArrayData[] values = new ArrayData[shapes.size()];
        for (int i = 0; i < assemblies.length; i++) {
            LeafSlice slice = slices.apply(i);
            assemblies[i] = LeafAssembly.of(shapes.get(i), slice, count);
            values[i] = slice.values();
            if (values[i].length != assemblies[i].leafSlots) {
                throw new DecodeException(
                        "leaf has " + values[i].length + " values for " + assemblies[i].leafSlots + " slots");
            }
        }
        return build(arrowField, 0, assemblies, values, new int[] {0});
    }

    /** A reader whose leaves are {@link V21LeafReader}s, which are safe for concurrent use. */
    private record ThreadSafeReader(FieldReader reader) implements FieldReader {
        @Override
        public ArrayData read(long start, int count) {
            return reader.read(start, count);
        }

        @Override
        public boolean isThreadSafe() {
            return true;
        }
    }

    /** Picks rows of its leaves. */
    private interface LeafPicks {
        ArrayData readPicked(int[] rows, int from, int to);
    }

    /** A {@link ThreadSafeReader} of a field without lists, whose leaves can pick rows. */
    private record PickingReader(FieldReader reader, LeafPicks picks) implements PickingFieldReader {
        @Override
        public ArrayData read(long start, int count) {
            return reader.read(start, count);
        }

        @Override
        public ArrayData readPicked(int[] rows, int from, int to) {
            return picks.readPicked(rows, from, to);
        }

        @Override
        public boolean isThreadSafe() {
            return true;
        }
    }

    private static void collect(
            Field field,
            List<Boolean> path,
            List<ColumnPages> columns,
            List<V21LeafReader> leaves,
            List<LeafShape> shapes) {
        ArrowType.ArrowTypeID type = field.getType().getTypeID();
        // a blob column's description is a struct, but its column is the blob's one leaf column
        boolean nested = (type == ArrowType.ArrowTypeID.Struct && !BlobFields.isDescription(field))
                || type == ArrowType.ArrowTypeID.List
                || type == ArrowType.ArrowTypeID.LargeList;
        path.add(type == ArrowType.ArrowTypeID.List || type == ArrowType.ArrowTypeID.LargeList);
        if (nested) {
            if (!(!field.getChildren().isEmpty() || type != ArrowType.ArrowTypeID.Struct)) {
                throw new DecodeException("struct field " + field.getName() + " without children has no column");
            }
            for (Field child : field.getChildren()) {
                collect(child, path, columns, leaves, shapes);
            }
        } else {
            if (leaves.size() >= columns.size()) {
                throw new DecodeException("missing column for field " + field.getName());
            }
            boolean[] isList = new boolean[path.size()];
            for (int i = 0; i < isList.length; i++) {
                isList[i] = path.get(i);
            }
            LeafShape shape = new LeafShape(isList);
            shapes.add(shape);
            leaves.add(new V21LeafReader(
                    columns.get(leaves.size()), shape, field.getType(), BlobFields.isDescription(field)));
        }
        path.remove(path.size() - 1);
    }

    /**
     * Builds the array of {@code field} at {@code depth} from the leaves starting at {@code
     * next[0]}.
     */
    private static ArrayData build(Field field, int depth, LeafAssembly[] assemblies, ArrayData[] values, int[] next) {
        LeafAssembly first = assemblies[next[0]];
        int count = first.counts[depth];
        byte[] validity = first.validity[depth];
        ArrowType.ArrowTypeID type = field.getType().getTypeID();
        if (type == ArrowType.ArrowTypeID.Struct && !BlobFields.isDescription(field)) {
            ArrayData[] children = new ArrayData[field.getChildren().size()];
            for (int i = 0; i < children.length; i++) {
                children[i] = build(field.getChildren().get(i), depth + 1, assemblies, values, next);
            }
            return ArrayData.struct(count, children, validity);
        }
        if (type == ArrowType.ArrowTypeID.List || type == ArrowType.ArrowTypeID.LargeList) {
            int[] offsets = first.offsets[depth];
            ArrayData items = build(field.getChildren().get(0), depth + 1, assemblies, values, next);
            return ArrayData.list(count, offsets, items, validity);
        }
        ArrayData leaf = values[next[0]++];
        DecodeException.check(leaf.length == count, "leaf value count mismatch");
        return leaf.kind == ArrayData.Kind.NULL ? leaf : leaf.withValidity(Bitmaps.and(validity, leaf.validity, count));
    }
}
