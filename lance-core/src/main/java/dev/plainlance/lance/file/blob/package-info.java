/** Blob columns in Lance data files: the descriptions official 7.0.0 writes for out-of-line values. */
package dev.plainlance.lance.file.blob;
