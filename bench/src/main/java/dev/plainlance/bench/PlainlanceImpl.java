package dev.plainlance.bench;

import dev.plainlance.lance.Dataset;
import dev.plainlance.lance.WriteParams;
import dev.plainlance.lance.ipc.LanceScanner;
import dev.plainlance.lance.ipc.ScanOptions;
import java.util.List;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;

/** plainlance (pure Java): {@code dev.plainlance.lance.Dataset}. */
final class PlainlanceImpl implements Impl {
    private final BufferAllocator allocator;
    private final String durability;

    /** {@code durability}: the {@code plainlance_durability} storage option its writes use. */
    PlainlanceImpl(BufferAllocator allocator, String durability) {
        this.allocator = allocator;
        this.durability = durability;
    }

    @Override
    public String name() {
        return "plainlance";
    }

    @Override
    public ScanResult scan(String uri, Optional<List<String>> columns, int batchSize) throws Exception {
        ScanOptions.Builder options = new ScanOptions.Builder().batchSize(batchSize);
        columns.ifPresent(options::columns);
        try (Dataset dataset = Dataset.open(uri, allocator);
                LanceScanner scanner = dataset.newScan(options.build());
                ArrowReader reader = scanner.scanBatches()) {
            return Impl.consume(reader);
        }
    }

    /**
     * Empty when {@link #write} can run for {@code version}. A version the plainlance writer refuses is reported
     * as "not available in this build" (no number), as is any future build without a writer.
     */
    @Override
    public Optional<String> writeUnavailable(String version) {
        try {
            writeParams(version);
            return Optional.empty();
        } catch (RuntimeException | LinkageError e) {
            return Optional.of("cannot write storage version " + version + ": " + e);
        }
    }

    @Override
    public void write(ArrowReader reader, String uri, String version) throws Exception {
        try (Dataset dataset = Dataset.create(allocator, reader, uri, writeParams(version))) {
            dataset.version();
        }
    }

    private WriteParams writeParams(String version) {
        return new WriteParams.Builder()
                .withMode(WriteParams.WriteMode.CREATE)
                .withDataStorageVersion(version)
                .withStorageOptions(java.util.Map.of(dev.plainlance.lance.io.Storages.DURABILITY_OPTION, durability))
                .build();
    }

    @Override
    public long countRows(String uri) {
        try (Dataset dataset = Dataset.open(uri, allocator)) {
            return dataset.countRows();
        }
    }
}
