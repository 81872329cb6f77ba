package dev.plainlance.cli.parquet;

import java.util.List;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;

/**
 * Writes one Parquet field, as parquet-column's record assembly hands it over, into an Arrow vector. The parent
 * calls {@link #begin()} before each of its slots and {@link #finish()} after it: a field the record did not
 * mention is null there. Nested fields follow the same protocol one level down.
 */
abstract class ColumnWriter {
    protected int index;
    protected boolean filled;

    /** The converter parquet-column calls with this field's values. */
    abstract Converter converter();

    abstract FieldVector vector();

    /** Rewinds to the first slot of a new batch. */
    void reset() {
        index = 0;
    }

    void begin() {
        filled = false;
    }

    void finish() {
        if (!filled) {
            FieldVector vector = vector();
            if (vector instanceof BaseFixedWidthVector fixed) {
                fixed.setNull(index);
            } else if (vector instanceof BaseVariableWidthVector variable) {
                variable.setNull(index);
            } else if (vector instanceof StructVector struct) {
                struct.setNull(index);
            } else {
                ((ListVector) vector).setNull(index);
            }
        }
        index++;
    }

    /** Stores one decoded value at a slot of a vector. */
    @FunctionalInterface
    interface Store<T> {
        void store(int index, T value);
    }

    /**
     * A primitive field. Exactly one of the stores matches its Parquet physical type; parquet-column calls only
     * that one.
     */
    static final class Leaf extends ColumnWriter {
        private final FieldVector vector;
        private final PrimitiveConverter converter;

        Leaf(FieldVector vector, Store<Object> store) {
            this.vector = vector;
            this.converter = new PrimitiveConverter() {
                @Override
                public void addBoolean(boolean value) {
                    store.store(index, value);
                    filled = true;
                }

                @Override
                public void addInt(int value) {
                    store.store(index, value);
                    filled = true;
                }

                @Override
                public void addLong(long value) {
                    store.store(index, value);
                    filled = true;
                }

                @Override
                public void addFloat(float value) {
                    store.store(index, value);
                    filled = true;
                }

                @Override
                public void addDouble(double value) {
                    store.store(index, value);
                    filled = true;
                }

                @Override
                public void addBinary(Binary value) {
                    store.store(index, value.getBytes());
                    filled = true;
                }
            };
        }

        @Override
        Converter converter() {
            return converter;
        }

        @Override
        FieldVector vector() {
            return vector;
        }
    }

    /** A group without annotation: an Arrow struct whose children share its slots. */
    static final class Struct extends ColumnWriter {
        private final StructVector vector;
        private final List<ColumnWriter> children;
        private final GroupConverter converter;

        Struct(StructVector vector, List<ColumnWriter> children) {
            this.vector = vector;
            this.children = children;
            this.converter = new GroupConverter() {
                @Override
                public Converter getConverter(int field) {
                    return children.get(field).converter();
                }

                @Override
                public void start() {
                    filled = true;
                }

                @Override
                public void end() {}
            };
        }

        @Override
        Converter converter() {
            return converter;
        }

        @Override
        FieldVector vector() {
            return vector;
        }

        @Override
        void reset() {
            super.reset();
            children.forEach(ColumnWriter::reset);
        }

        @Override
        void begin() {
            super.begin();
            children.forEach(ColumnWriter::begin);
        }

        @Override
        void finish() {
            children.forEach(ColumnWriter::finish);
            if (filled) {
                vector.setIndexDefined(index);
            }
            super.finish();
        }
    }

    /**
     * A LIST in the standard three-level form: the annotated group (present = a list, possibly empty) around a
     * repeated group, each repetition of which is one slot of {@code element}.
     */
    static final class ListOf extends ColumnWriter {
        private final ListVector vector;
        private final ColumnWriter element;
        private final GroupConverter converter;
        private int count;

        ListOf(ListVector vector, ColumnWriter element) {
            this.vector = vector;
            this.element = element;
            GroupConverter repeated = new GroupConverter() {
                @Override
                public Converter getConverter(int field) {
                    return element.converter();
                }

                @Override
                public void start() {
                    element.begin();
                }

                @Override
                public void end() {
                    element.finish();
                    count++;
                }
            };
            this.converter = new GroupConverter() {
                @Override
                public Converter getConverter(int field) {
                    return repeated;
                }

                @Override
                public void start() {
                    filled = true;
                }

                @Override
                public void end() {}
            };
        }

        @Override
        Converter converter() {
            return converter;
        }

        @Override
        FieldVector vector() {
            return vector;
        }

        @Override
        void reset() {
            super.reset();
            element.reset();
        }

        @Override
        void begin() {
            super.begin();
            count = 0;
        }

        @Override
        void finish() {
            if (filled) {
                vector.startNewValue(index);
                vector.endValue(index, count);
            }
            super.finish();
        }
    }
}
