package dev.plainlance.lance.file;

import dev.plainlance.lance.file.codec.ArrayData;
import dev.plainlance.lance.file.codec.ArrowLoader;
import dev.plainlance.lance.file.codec.DecodeException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * {@link ArrowReader} over a row range of a Lance file. Each {@link #loadNextBatch()} decodes the
 * next batch of every selected field into the reader's {@link VectorSchemaRoot}.
 */
public final class LanceFileBatchReader extends ArrowReader {
  private final LanceFileReader file;
  private final Schema schema;
  private final List<FieldReader> readers;
  private final long endRow;
  private final int batchSize;
  private long nextRow;

  LanceFileBatchReader(LanceFileReader file, BufferAllocator allocator, Schema schema, List<FieldReader> readers,
      long startRow, long endRow, int batchSize) {
    super(allocator);
    this.file = file;
    this.schema = schema;
    this.readers = readers;
    this.nextRow = startRow;
    this.endRow = endRow;
    this.batchSize = batchSize;
  }

  @Override
  public boolean loadNextBatch() throws IOException {
    VectorSchemaRoot root = getVectorSchemaRoot();
    if (nextRow >= endRow) {
      return false;
    }
    int count = (int) Math.min(batchSize, endRow - nextRow);
    long start = nextRow;
    List<CompletableFuture<ArrayData>> decoded = new ArrayList<>(readers.size());
    for (int i = 0; i < readers.size(); i++) {
      FieldReader reader = readers.get(i);
      String column = schema.getFields().get(i).getName();
      Supplier<ArrayData> task = () -> decode(reader, column, start, count);
      decoded.add(readers.size() == 1 ? CompletableFuture.completedFuture(task.get())
          : CompletableFuture.supplyAsync(task));
    }
    for (int i = 0; i < readers.size(); i++) {
      ArrayData data = join(decoded.get(i));
      try {
        ArrowLoader.fill(root.getVector(i), data, allocator);
      } catch (DecodeException | ArithmeticException | IndexOutOfBoundsException | IllegalArgumentException e) {
        throw file.error(schema.getFields().get(i).getName(), e.getMessage(), e);
      }
    }
    root.setRowCount(count);
    nextRow += count;
    return true;
  }

  /** Decodes one field's rows, turning decoding failures into {@link LanceFileFormatException}. */
  private ArrayData decode(FieldReader reader, String column, long start, int count) {
    try {
      ArrayData data = reader.read(start, count);
      if (data.length != count) {
        throw new DecodeException("decoded " + data.length + " rows, expected " + count);
      }
      return data;
    } catch (LanceFileFormatException e) {
      throw e;
    } catch (DecodeException | ArithmeticException | IndexOutOfBoundsException | IllegalArgumentException
        | NegativeArraySizeException | IllegalStateException e) {
      throw file.error(column, e.getMessage(), e);
    }
  }

  private static ArrayData join(CompletableFuture<ArrayData> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw e;
    }
  }

  /** Page bytes the underlying file reader has read so far (shared by all its batch readers). */
  @Override
  public long bytesRead() {
    return file.pageBytesRead();
  }

  @Override
  protected void closeReadSource() {}

  @Override
  protected Schema readSchema() {
    return schema;
  }
}
