/**
 * Pure-Java reader of Lance data files (file format 2.0, 2.1, 2.2 and 2.3) producing Arrow vectors.
 *
 * <p>Entry point: {@link dev.plainlance.lance.file.LanceFileReader#open}, then
 * {@link dev.plainlance.lance.file.LanceFileReader#readBatches}. Decoding is split by format:
 * {@code v20} decodes the 2.0 {@code ArrayEncoding} trees (one column per field), {@code v21} the
 * structural 2.1+ page layouts (one column per leaf, nesting rebuilt from repetition/definition
 * levels), and {@code codec} holds the shared pieces (the heap {@code ArrayData} model, Arrow loading,
 * FastLanes, FSST, zstd/lz4 framing). Malformed input raises
 * {@link dev.plainlance.lance.file.format.LanceFileFormatException}.
 */
package dev.plainlance.lance.file;
