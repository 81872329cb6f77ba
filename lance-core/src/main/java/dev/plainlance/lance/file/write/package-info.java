/**
 * Writing Lance data files (format 2.1, default, and 2.0) from Arrow batches: {@link
 * dev.plainlance.lance.file.write.LanceFileWriter} writes to an {@link dev.plainlance.lance.file.write.OutputSink} and
 * returns a {@link dev.plainlance.lance.file.write.WrittenFile} with what a manifest {@code DataFile} needs.
 *
 * <p>Encodings. 2.1: one column per leaf; mini-block pages with FastLanes inline bit packing (8/16/32/64-bit values
 * when it saves space), flat values (booleans, decimals, half floats, fixed-size binary, fixed-size lists with item
 * validity buffers), {@code Variable} chunks or a page dictionary for strings and binaries, raw u16 repetition and
 * definition levels and a repetition index for lists; full-zip pages for values of 256 bytes or more; all-null
 * layouts for pages without valid values. 2.0: one column per field; {@code Nullable} + {@code Flat},
 * {@code FixedSizeList}, {@code Binary}, {@code List} offsets columns and {@code SimpleStruct} header columns.
 */
package dev.plainlance.lance.file.write;
