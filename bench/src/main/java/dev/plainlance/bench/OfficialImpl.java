package dev.plainlance.bench;

import java.util.List;
import java.util.Optional;
import org.apache.arrow.c.ArrowArrayStream;
import org.apache.arrow.c.Data;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.lance.Dataset;
import org.lance.ReadOptions;
import org.lance.WriteParams;
import org.lance.ipc.LanceScanner;
import org.lance.ipc.ScanOptions;

/** The official Lance library (org.lance:lance-core, Rust through JNI). */
final class OfficialImpl implements Impl {
    private final BufferAllocator allocator;

    OfficialImpl(BufferAllocator allocator) {
        this.allocator = allocator;
    }

    @Override
    public String name() {
        return "official";
    }

    @Override
    public ScanResult scan(String uri, Optional<List<String>> columns, int batchSize) throws Exception {
        ScanOptions.Builder options = new ScanOptions.Builder().batchSize(batchSize);
        columns.ifPresent(options::columns);
        try (Dataset dataset = open(uri);
                LanceScanner scanner = dataset.newScan(options.build());
                ArrowReader reader = scanner.scanBatches()) {
            return Impl.consume(reader);
        }
    }

    @Override
    public Optional<String> writeUnavailable(String version) {
        return Optional.empty();
    }

    /** The call the observations (§2) and interop use; deprecated in 7.0.0 in favour of {@code Dataset.write()}. */
    @SuppressWarnings("deprecation")
    @Override
    public void write(ArrowReader reader, String uri, String version) throws Exception {
        WriteParams params = new WriteParams.Builder()
                .withMode(WriteParams.WriteMode.CREATE)
                .withDataStorageVersion(version)
                .build();
        try (ArrowArrayStream stream = ArrowArrayStream.allocateNew(allocator)) {
            Data.exportArrayStream(allocator, reader, stream);
            try (Dataset dataset = Dataset.create(allocator, stream, uri, params)) {
                dataset.version();
            }
        }
    }

    @Override
    public long countRows(String uri) {
        try (Dataset dataset = open(uri)) {
            return dataset.countRows();
        }
    }

    @SuppressWarnings("deprecation")
    private Dataset open(String uri) {
        return Dataset.open(allocator, uri, new ReadOptions.Builder().build());
    }

    /** The data storage version recorded in the dataset at {@code uri} (e.g. "2.1"). */
    String fileFormatVersion(String uri) {
        try (Dataset dataset = open(uri)) {
            return dataset.getLanceFileFormatVersion();
        }
    }
}
