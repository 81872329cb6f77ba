package dev.plainlance.lance.file.format;

import dev.plainlance.lance.file.codec.ArrayData;

/**
 * A {@link FieldReader} that can decode chosen rows without decoding the rows between them: a filtered scan reads
 * its other columns only for the rows that pass, and a take only for the rows it takes.
 */
public interface PickingFieldReader extends FieldReader {

    /**
     * Decodes the rows {@code rows[i]}, {@code i} in {@code [from, to)}, which ascend, in that order. Values of rows
     * not picked are decoded only as far as their encoding needs (a bit-packed block is unpacked whole, an FSST
     * string that is not picked is not expanded).
     */
    ArrayData readPicked(int[] rows, int from, int to);
}
