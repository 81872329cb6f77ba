package dev.plainlance.lance.scan;

import dev.plainlance.lance.index.DistanceType;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.util.Float16;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * The distance between a key and the vectors of a fixed-size-list column, computed in double precision. A vector's
 * values are read as stored: nulls inside a non-null vector are not looked at.
 */
abstract class VectorDistance {
    final double[] key;

    private VectorDistance(double[] key) {
        this.key = key;
    }

    /** The distance of the vector at {@code row}; NaN when it is undefined. The vector must not be null. */
    abstract double of(FixedSizeListVector column, int row);

    /**
     * The distance for vectors of {@code field}.
     *
     * @throws IllegalArgumentException naming the column when it is not a vector column the distance takes, or its
     *     vectors are not as long as the key
     */
    static VectorDistance of(Field field, DistanceType type, float[] key, String table) {
        String where = "cannot search column '" + field.getName() + "' of " + table + ": ";
        if (!(field.getType() instanceof ArrowType.FixedSizeList list)) {
            throw new IllegalArgumentException(where + "it holds " + field.getType() + ", not fixed-size lists");
        }
        ArrowType item = field.getChildren().get(0).getType();
        if (list.getListSize() != key.length) {
            throw new IllegalArgumentException(
                    where + "its vectors have " + list.getListSize() + " dimensions, the key has " + key.length);
        }
        if (type == DistanceType.Hamming) {
            if (!(item instanceof ArrowType.Int i && i.getBitWidth() == 8 && !i.getIsSigned())) {
                throw new IllegalArgumentException(where + "Hamming distances need uint8 vectors, it holds " + item);
            }
            return new Hamming(bytes(key, where));
        }
        if (!(item instanceof ArrowType.FloatingPoint floating)) {
            throw new IllegalArgumentException(
                    where + type + " distances need float16, float32 or float64 vectors, it holds " + item);
        }
        double[] wide = new double[key.length];
        for (int i = 0; i < key.length; i++) {
            wide[i] = key[i];
        }
        Reader reader = reader(floating.getPrecision());
        return switch (type) {
            case L2 ->
                new Floats(wide, reader) {
                    @Override
                    double combine(double[] x) {
                        double sum = 0;
                        for (int i = 0; i < x.length; i++) {
                            double d = x[i] - this.key[i];
                            sum += d * d;
                        }
                        return sum;
                    }
                };
            case Dot ->
                new Floats(wide, reader) {
                    @Override
                    double combine(double[] x) {
                        double dot = 0;
                        for (int i = 0; i < x.length; i++) {
                            dot += x[i] * this.key[i];
                        }
                        return 1 - dot;
                    }
                };
            case Cosine ->
                new Floats(wide, reader) {
                    private final double keySquares = squares(wide);

                    @Override
                    double combine(double[] x) {
                        double dot = 0;
                        for (int i = 0; i < x.length; i++) {
                            dot += x[i] * this.key[i];
                        }
                        return 1 - dot / Math.sqrt(squares(x) * keySquares);
                    }
                };
            case Hamming -> throw new AssertionError("handled above");
        };
    }

    private static double squares(double[] x) {
        double sum = 0;
        for (double v : x) {
            sum += v * v;
        }
        return sum;
    }

    private static double[] bytes(float[] key, String where) {
        double[] out = new double[key.length];
        for (int i = 0; i < key.length; i++) {
            if (key[i] != Math.rint(key[i]) || key[i] < 0 || key[i] > 255) {
                throw new IllegalArgumentException(
                        where + "a Hamming key holds uint8 values, its value " + i + " is " + key[i]);
            }
            out[i] = key[i];
        }
        return out;
    }

    /** Reads value {@code index} of a list column's values buffer as a double. */
    private interface Reader {
        double read(ArrowBuf values, int index);
    }

    private static Reader reader(FloatingPointPrecision precision) {
        return switch (precision) {
            case HALF -> (values, index) -> Float16.toFloat(values.getShort((long) index * Short.BYTES));
            case SINGLE -> (values, index) -> values.getFloat((long) index * Float.BYTES);
            case DOUBLE -> (values, index) -> values.getDouble((long) index * Double.BYTES);
        };
    }

    /** A distance between float vectors: the vector is read into a scratch array, then combined with the key. */
    private abstract static class Floats extends VectorDistance {
        private final Reader reader;
        private final double[] scratch;

        Floats(double[] key, Reader reader) {
            super(key);
            this.reader = reader;
            this.scratch = new double[key.length];
        }

        abstract double combine(double[] x);

        @Override
        final double of(FixedSizeListVector column, int row) {
            ArrowBuf values = column.getDataVector().getDataBuffer();
            int first = row * scratch.length;
            for (int i = 0; i < scratch.length; i++) {
                scratch[i] = reader.read(values, first + i);
            }
            return combine(scratch);
        }
    }

    /** The number of differing bits between uint8 vectors. */
    private static final class Hamming extends VectorDistance {
        Hamming(double[] key) {
            super(key);
        }

        @Override
        double of(FixedSizeListVector column, int row) {
            ArrowBuf values = column.getDataVector().getDataBuffer();
            int first = row * key.length;
            int bits = 0;
            for (int i = 0; i < key.length; i++) {
                bits += Integer.bitCount((values.getByte(first + i) ^ (int) key[i]) & 0xff);
            }
            return bits;
        }
    }
}
