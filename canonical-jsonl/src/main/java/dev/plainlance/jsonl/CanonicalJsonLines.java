package dev.plainlance.jsonl;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Base64;
import java.util.List;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DateMilliVector;
import org.apache.arrow.vector.Decimal256Vector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.DurationVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.Float2Vector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.LargeVarBinaryVector;
import org.apache.arrow.vector.LargeVarCharVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeMilliVector;
import org.apache.arrow.vector.TimeNanoVector;
import org.apache.arrow.vector.TimeSecVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.UInt1Vector;
import org.apache.arrow.vector.UInt2Vector;
import org.apache.arrow.vector.UInt4Vector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.LargeListVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;

/**
 * Prints Arrow rows as canonical JSON Lines (docs/canonical-jsonl.md): one compact JSON object per row, keys in
 * column order, a fixed text form for every Arrow type, so that equal rows print equal text whatever wrote them.
 */
public final class CanonicalJsonLines {
    private final DictionaryProvider dictionaries;

    /** A printer for batches without dictionary-encoded columns. */
    public CanonicalJsonLines() {
        this(null);
    }

    /** A printer that resolves dictionary-encoded columns through {@code dictionaries}. */
    public CanonicalJsonLines(DictionaryProvider dictionaries) {
        this.dictionaries = dictionaries;
    }

    /** Appends row {@code row} of {@code root} (all its columns, in order) to {@code out}, without a newline. */
    public void appendRow(VectorSchemaRoot root, int row, StringBuilder out) {
        appendRow(root.getFieldVectors(), row, out);
    }

    /** Appends one row made of the given columns, without a newline. */
    public void appendRow(List<FieldVector> columns, int row, StringBuilder out) {
        out.append('{');
        for (int c = 0; c < columns.size(); c++) {
            if (c > 0) {
                out.append(',');
            }
            FieldVector column = columns.get(c);
            appendString(column.getName(), out);
            out.append(':');
            appendValue(column, row, out);
        }
        out.append('}');
    }

    /** Appends the JSON form of one value. */
    public void appendValue(ValueVector vector, int index, StringBuilder out) {
        if (vector.isNull(index)) {
            out.append("null");
            return;
        }
        DictionaryEncoding encoding = vector.getField().getDictionary();
        if (encoding != null) {
            appendDictionaryValue(vector, index, encoding, out);
            return;
        }
        if (vector instanceof BitVector v) {
            out.append(v.get(index) != 0);
        } else if (vector instanceof TinyIntVector v) {
            out.append(v.get(index));
        } else if (vector instanceof SmallIntVector v) {
            out.append(v.get(index));
        } else if (vector instanceof IntVector v) {
            out.append(v.get(index));
        } else if (vector instanceof BigIntVector v) {
            out.append(v.get(index));
        } else if (vector instanceof UInt1Vector v) {
            out.append(Byte.toUnsignedInt(v.get(index)));
        } else if (vector instanceof UInt2Vector v) {
            out.append((int) v.get(index));
        } else if (vector instanceof UInt4Vector v) {
            out.append(Integer.toUnsignedLong(v.get(index)));
        } else if (vector instanceof UInt8Vector v) {
            out.append(Long.toUnsignedString(v.get(index)));
        } else if (vector instanceof Float2Vector v) {
            appendFloat(v.getValueAsFloat(index), out);
        } else if (vector instanceof Float4Vector v) {
            appendFloat(v.get(index), out);
        } else if (vector instanceof Float8Vector v) {
            appendDouble(v.get(index), out);
        } else if (vector instanceof VarCharVector v) {
            appendString(new String(v.get(index), java.nio.charset.StandardCharsets.UTF_8), out);
        } else if (vector instanceof LargeVarCharVector v) {
            appendString(new String(v.get(index), java.nio.charset.StandardCharsets.UTF_8), out);
        } else if (vector instanceof VarBinaryVector v) {
            appendBase64(v.get(index), out);
        } else if (vector instanceof LargeVarBinaryVector v) {
            appendBase64(v.get(index), out);
        } else if (vector instanceof FixedSizeBinaryVector v) {
            appendBase64(v.get(index), out);
        } else if (vector instanceof DateDayVector v) {
            out.append('"').append(LocalDate.ofEpochDay(v.get(index))).append('"');
        } else if (vector instanceof DateMilliVector v) {
            long millis = v.get(index);
            if (Math.floorMod(millis, 86_400_000L) == 0) {
                out.append('"')
                        .append(LocalDate.ofEpochDay(Math.floorDiv(millis, 86_400_000L)))
                        .append('"');
            } else {
                out.append(millis);
            }
        } else if (vector instanceof TimeStampVector v) {
            out.append(v.get(index));
        } else if (vector instanceof TimeSecVector v) {
            out.append(v.get(index));
        } else if (vector instanceof TimeMilliVector v) {
            out.append(v.get(index));
        } else if (vector instanceof TimeMicroVector v) {
            out.append(v.get(index));
        } else if (vector instanceof TimeNanoVector v) {
            out.append(v.get(index));
        } else if (vector instanceof DurationVector v) {
            out.append(DurationVector.get(v.getDataBuffer(), index));
        } else if (vector instanceof DecimalVector v) {
            appendDecimal(v.getObject(index), v.getScale(), out);
        } else if (vector instanceof Decimal256Vector v) {
            appendDecimal(v.getObject(index), v.getScale(), out);
        } else if (vector instanceof FixedSizeListVector v) {
            int size = v.getListSize();
            appendArray(v.getDataVector(), index * size, index * size + size, out);
        } else if (vector instanceof ListVector v) {
            appendArray(v.getDataVector(), v.getElementStartIndex(index), v.getElementEndIndex(index), out);
        } else if (vector instanceof LargeListVector v) {
            appendArray(
                    v.getDataVector(),
                    Math.toIntExact(v.getElementStartIndex(index)),
                    Math.toIntExact(v.getElementEndIndex(index)),
                    out);
        } else if (vector instanceof StructVector v) {
            out.append('{');
            List<FieldVector> children = v.getChildrenFromFields();
            for (int c = 0; c < children.size(); c++) {
                if (c > 0) {
                    out.append(',');
                }
                appendString(children.get(c).getName(), out);
                out.append(':');
                appendValue(children.get(c), index, out);
            }
            out.append('}');
        } else {
            throw new IllegalArgumentException("no canonical JSON form for Arrow type "
                    + vector.getField().getType() + " (column " + vector.getName() + ")");
        }
    }

    private void appendDictionaryValue(ValueVector indices, int index, DictionaryEncoding encoding, StringBuilder out) {
        Dictionary dictionary = dictionaries == null ? null : dictionaries.lookup(encoding.getId());
        if (dictionary == null) {
            throw new IllegalArgumentException(
                    "no dictionary " + encoding.getId() + " for column " + indices.getName());
        }
        long key = ((BaseIntVector) indices).getValueAsLong(index);
        appendValue(dictionary.getVector(), Math.toIntExact(key), out);
    }

    private void appendArray(ValueVector items, int start, int end, StringBuilder out) {
        out.append('[');
        for (int i = start; i < end; i++) {
            if (i > start) {
                out.append(',');
            }
            appendValue(items, i, out);
        }
        out.append(']');
    }

    private static void appendFloat(float value, StringBuilder out) {
        if (Float.isNaN(value)) {
            out.append("\"NaN\"");
        } else if (Float.isInfinite(value)) {
            out.append(value > 0 ? "\"Infinity\"" : "\"-Infinity\"");
        } else {
            out.append(Float.toString(value));
        }
    }

    private static void appendDouble(double value, StringBuilder out) {
        if (Double.isNaN(value)) {
            out.append("\"NaN\"");
        } else if (Double.isInfinite(value)) {
            out.append(value > 0 ? "\"Infinity\"" : "\"-Infinity\"");
        } else {
            out.append(Double.toString(value));
        }
    }

    private static void appendDecimal(BigDecimal value, int scale, StringBuilder out) {
        out.append('"').append(value.setScale(scale).toPlainString()).append('"');
    }

    private static void appendBase64(byte[] bytes, StringBuilder out) {
        out.append('"').append(Base64.getEncoder().encodeToString(bytes)).append('"');
    }

    /** Appends a JSON string literal with standard escaping; non-ASCII stays literal. */
    public static void appendString(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
