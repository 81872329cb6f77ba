package dev.plainlance.cli.parquet;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.page.DataPage;
import org.apache.parquet.column.page.DataPageV1;
import org.apache.parquet.column.page.DataPageV2;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.column.page.PageReader;
import org.apache.parquet.format.DataPageHeader;
import org.apache.parquet.format.DataPageHeaderV2;
import org.apache.parquet.format.PageHeader;
import org.apache.parquet.format.Util;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.ColumnPath;

/**
 * The decompressed pages of every column chunk of one row group, read with one positioned read per chunk and
 * handed to parquet-column's record assembly. Memory is bounded by the row group's size.
 */
final class RowGroupPages implements PageReadStore {
    private final long rows;
    private final Map<ColumnPath, ChunkPages> chunks = new HashMap<>();

    RowGroupPages(FileChannel channel, long fileSize, BlockMetaData group, String file) throws IOException {
        this.rows = group.getRowCount();
        for (ColumnChunkMetaData chunk : group.getColumns()) {
            long start = chunk.getStartingPos();
            long size = chunk.getTotalSize();
            if (start < 4 || size < 0 || size > Integer.MAX_VALUE - 16 || start + size > fileSize - 8) {
                throw new ParquetInputException(
                        file,
                        "column chunk " + chunk.getPath() + " lies outside the file" + " (offset " + start + ", " + size
                                + " bytes, file of " + fileSize + " bytes)");
            }
            ByteBuffer bytes = ByteBuffer.allocate((int) size);
            while (bytes.hasRemaining()) {
                if (channel.read(bytes, start + bytes.position()) < 0) {
                    throw new ParquetInputException(file, "truncated inside column chunk " + chunk.getPath());
                }
            }
            chunks.put(chunk.getPath(), new ChunkPages(bytes.array(), chunk, file));
        }
    }

    @Override
    public PageReader getPageReader(ColumnDescriptor descriptor) {
        ChunkPages pages = chunks.get(ColumnPath.get(descriptor.getPath()));
        if (pages == null) {
            throw new IllegalStateException("no column chunk for " + String.join(".", descriptor.getPath()));
        }
        return pages;
    }

    @Override
    public long getRowCount() {
        return rows;
    }

    /** The pages of one column chunk, parsed and decompressed up front. */
    private static final class ChunkPages implements PageReader {
        private final long values;
        private DictionaryPage dictionary;
        private final ArrayDeque<DataPage> pages = new ArrayDeque<>();

        ChunkPages(byte[] bytes, ColumnChunkMetaData chunk, String file) {
            this.values = chunk.getValueCount();
            String where = file + " (column " + chunk.getPath() + ")";
            ByteArrayInputStream in = new ByteArrayInputStream(bytes);
            long seen = 0;
            try {
                while (seen < values && in.available() > 0) {
                    PageHeader header = Util.readPageHeader(in);
                    int offset = bytes.length - in.available();
                    int compressed = header.getCompressed_page_size();
                    if (compressed < 0 || compressed > in.available() || header.getUncompressed_page_size() < 0) {
                        throw new ParquetInputException(
                                where, "page of " + compressed + " bytes overruns its column" + " chunk");
                    }
                    in.skip(compressed);
                    switch (header.getType()) {
                        case DICTIONARY_PAGE -> {
                            byte[] data = Codecs.decompress(
                                    chunk.getCodec(),
                                    bytes,
                                    offset,
                                    compressed,
                                    header.getUncompressed_page_size(),
                                    where);
                            dictionary = new DictionaryPage(
                                    BytesInput.from(data),
                                    header.getDictionary_page_header().getNum_values(),
                                    encoding(header.getDictionary_page_header().getEncoding()));
                        }
                        case DATA_PAGE -> {
                            DataPageHeader h = header.getData_page_header();
                            byte[] data = Codecs.decompress(
                                    chunk.getCodec(),
                                    bytes,
                                    offset,
                                    compressed,
                                    header.getUncompressed_page_size(),
                                    where);
                            pages.add(new DataPageV1(
                                    BytesInput.from(data),
                                    h.getNum_values(),
                                    data.length,
                                    null,
                                    encoding(h.getRepetition_level_encoding()),
                                    encoding(h.getDefinition_level_encoding()),
                                    encoding(h.getEncoding())));
                            seen += h.getNum_values();
                        }
                        case DATA_PAGE_V2 -> {
                            DataPageHeaderV2 h = header.getData_page_header_v2();
                            int levels = h.getRepetition_levels_byte_length() + h.getDefinition_levels_byte_length();
                            if (h.getRepetition_levels_byte_length() < 0
                                    || h.getDefinition_levels_byte_length() < 0
                                    || levels > compressed) {
                                throw new ParquetInputException(where, "page levels overrun the page");
                            }
                            BytesInput rep = BytesInput.from(bytes, offset, h.getRepetition_levels_byte_length());
                            BytesInput def = BytesInput.from(
                                    bytes,
                                    offset + h.getRepetition_levels_byte_length(),
                                    h.getDefinition_levels_byte_length());
                            int dataSize = header.getUncompressed_page_size() - levels;
                            byte[] data = h.isIs_compressed()
                                    ? Codecs.decompress(
                                            chunk.getCodec(),
                                            bytes,
                                            offset + levels,
                                            compressed - levels,
                                            dataSize,
                                            where)
                                    : java.util.Arrays.copyOfRange(bytes, offset + levels, offset + compressed);
                            pages.add(DataPageV2.uncompressed(
                                    h.getNum_rows(),
                                    h.getNum_nulls(),
                                    h.getNum_values(),
                                    rep,
                                    def,
                                    encoding(h.getEncoding()),
                                    BytesInput.from(data),
                                    null));
                            seen += h.getNum_values();
                        }
                        default -> {} // index pages carry nothing to import
                    }
                }
            } catch (IOException | RuntimeException e) {
                if (e instanceof ParquetInputException p) {
                    throw p;
                }
                throw new ParquetInputException(where, "corrupt page: " + e.getMessage(), e);
            }
            if (seen != values) {
                throw new ParquetInputException(where, "pages hold " + seen + " values, the metadata says " + values);
            }
        }

        private static Encoding encoding(org.apache.parquet.format.Encoding encoding) {
            return Encoding.valueOf(encoding.name());
        }

        @Override
        public DictionaryPage readDictionaryPage() {
            return dictionary;
        }

        @Override
        public long getTotalValueCount() {
            return values;
        }

        @Override
        public DataPage readPage() {
            return pages.poll();
        }
    }
}
