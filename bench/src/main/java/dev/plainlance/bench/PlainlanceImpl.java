package dev.plainlance.bench;

import dev.plainlance.lance.Dataset;
import dev.plainlance.lance.ipc.LanceScanner;
import dev.plainlance.lance.ipc.ScanOptions;
import java.io.Closeable;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;

/**
 * plainlance (pure Java).
 *
 * <p>The dataset writer, {@code Dataset.create(BufferAllocator, ArrowReader, String uri, WriteParams)}, is being
 * built while this benchmark is; it is looked up reflectively so that this module compiles against builds that do
 * not have it yet. In such a build the write case reports "plainlance write: not available in this build" and
 * no number; as soon as the API exists, the write case runs with no change here. {@link #writeParams} is the
 * single place to adapt if {@code WriteParams} ends up with different builder method names.
 */
final class PlainlanceImpl implements Impl {
    private static final String WRITE_PARAMS = "dev.plainlance.lance.WriteParams";

    private final BufferAllocator allocator;
    private final Method create;
    private final String createMissing;

    PlainlanceImpl(BufferAllocator allocator) {
        this.allocator = allocator;
        Method method = null;
        String missing = null;
        try {
            Class<?> params = Class.forName(WRITE_PARAMS);
            method = Dataset.class.getMethod("create", BufferAllocator.class, ArrowReader.class, String.class,
                    params);
        } catch (ClassNotFoundException e) {
            missing = "class " + WRITE_PARAMS + " does not exist";
        } catch (NoSuchMethodException e) {
            missing = "no Dataset.create(BufferAllocator, ArrowReader, String, WriteParams)";
        }
        this.create = method;
        this.createMissing = missing;
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

    @Override
    public Optional<String> writeUnavailable(String version) {
        if (createMissing != null) {
            return Optional.of(createMissing);
        }
        try {
            writeParams(version);
            return Optional.empty();
        } catch (ReflectiveOperationException | RuntimeException e) {
            return Optional.of("cannot build WriteParams for version " + version + ": " + e);
        }
    }

    @Override
    public void write(ArrowReader reader, String uri, String version) throws Exception {
        if (create == null) {
            throw new UnsupportedOperationException("plainlance write: not available in this build (" + createMissing
                    + ")");
        }
        Object dataset;
        try {
            dataset = create.invoke(null, allocator, reader, uri, writeParams(version));
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception ex) {
                throw ex;
            }
            throw (Error) cause;
        }
        if (dataset instanceof Closeable closeable) {
            closeable.close();
        } else if (dataset instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    /**
     * {@code new WriteParams.Builder().withMode(CREATE).withDataStorageVersion(version).build()}, mirroring the
     * official builder. {@code withMode} is optional (CREATE is assumed to be the default);
     * {@code withDataStorageVersion(String)} is required.
     */
    private static Object writeParams(String version) throws ReflectiveOperationException {
        Class<?> builderClass = Class.forName(WRITE_PARAMS + "$Builder");
        Object builder = builderClass.getConstructor().newInstance();
        for (Method m : builderClass.getMethods()) {
            if (m.getName().equals("withMode") && m.getParameterCount() == 1 && m.getParameterTypes()[0].isEnum()) {
                @SuppressWarnings({"unchecked", "rawtypes"})
                Object create = Enum.valueOf((Class<? extends Enum>) m.getParameterTypes()[0], "CREATE");
                builder = m.invoke(builder, create);
                break;
            }
        }
        builder = builderClass.getMethod("withDataStorageVersion", String.class).invoke(builder, version);
        return builderClass.getMethod("build").invoke(builder);
    }

    @Override
    public long countRows(String uri) {
        try (Dataset dataset = Dataset.open(uri, allocator)) {
            return dataset.countRows();
        }
    }
}
