package dev.plainlance.lance.operation;

import dev.plainlance.lance.env.Env;
import dev.plainlance.lance.error.NotFoundException;
import dev.plainlance.lance.index.IndexCatalog;
import dev.plainlance.lance.index.IndexMetadatas;
import dev.plainlance.lance.index.IndexType;
import dev.plainlance.lance.pb.table.DataFragment;
import dev.plainlance.lance.pb.table.IndexMetadata;
import dev.plainlance.lance.pb.table.Transaction;
import dev.plainlance.lance.schema.LanceField;
import dev.plainlance.lance.table.TableSnapshot;
import dev.plainlance.lance.write.IndexBuilder;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.roaringbitmap.RoaringBitmap;

/**
 * The CreateIndex transactions: building an index over every fragment ({@link #create}), dropping one
 * ({@link #drop}), and folding the fragments an index does not cover yet into it ({@link #optimize}: the index
 * is rebuilt as one segment over its covered and uncovered fragments, replacing its segments).
 */
public final class IndexChange implements TableOperation {
    private enum Kind {
        CREATE,
        DROP,
        OPTIMIZE
    }

    private final Kind kind;
    private final String column;
    private final IndexType type;
    private final Optional<String> name;
    private final boolean replace;
    private final java.util.OptionalLong rowsPerZone;

    private IndexChange(
            Kind kind,
            String column,
            IndexType type,
            Optional<String> name,
            boolean replace,
            java.util.OptionalLong rowsPerZone) {
        this.kind = kind;
        this.rowsPerZone = rowsPerZone;
        this.column = column;
        this.type = type;
        this.name = name;
        this.replace = replace;
    }

    /**
     * A BTREE, BITMAP or ZONEMAP index on {@code column} (a field inside structs by its dotted path, {@code meta.k}),
     * named {@code name} or {@code {column}_idx}.
     */
    public static IndexChange create(String column, IndexType type, Optional<String> name, boolean replace) {
        return create(column, type, name, replace, java.util.OptionalLong.empty());
    }

    /** {@link #create(String, IndexType, Optional, boolean)}; a ZONEMAP's zones hold {@code rowsPerZone} rows. */
    public static IndexChange create(
            String column, IndexType type, Optional<String> name, boolean replace, java.util.OptionalLong rowsPerZone) {
        return new IndexChange(Kind.CREATE, column, type, name, replace, rowsPerZone);
    }

    public static IndexChange drop(String name) {
        return new IndexChange(Kind.DROP, null, null, Optional.of(name), false, java.util.OptionalLong.empty());
    }

    public static IndexChange optimize(String name) {
        return new IndexChange(Kind.OPTIMIZE, null, null, Optional.of(name), false, java.util.OptionalLong.empty());
    }

    @Override
    public StagedTransaction stage(TableSnapshot base, Env env) throws IOException {
        IndexCatalog catalog = new IndexCatalog(base);
        Transaction.CreateIndex.Builder op = Transaction.CreateIndex.newBuilder();
        switch (kind) {
            case CREATE -> {
                LanceField field = base.schema().allFieldsPreOrder().stream()
                        .filter(f ->
                                catalog.columnName(f.id()).map(column::equals).orElse(false))
                        .findFirst()
                        .orElseThrow(() -> new NotFoundException("column " + column + " is not in " + base.name()));
                String indexName = name.orElse(column + "_idx");
                if (!replace && catalog.names().contains(indexName)) {
                    throw new IllegalArgumentException("index " + indexName + " already exists in " + base.name()
                            + "; pass replace to rebuild it");
                }
                IndexBuilder builder = new IndexBuilder(env);
                rowsPerZone.ifPresent(builder::withRowsPerZone);
                op.addNewIndices(builder.build(base, field, type, indexName, base.fragments()));
            }
            case DROP -> op.addAllRemovedIndices(catalog.segments(name.get()));
            case OPTIMIZE -> {
                List<IndexMetadata> segments = catalog.segments(name.get());
                RoaringBitmap covered = IndexCatalog.covered(segments);
                if (base.fragments().stream().allMatch(f -> covered.contains((int) f.getId()))) {
                    return StagedTransaction.nothing(base, OperationResult.NONE);
                }
                IndexMetadata first = segments.get(0);
                IndexType indexType = IndexMetadatas.type(first);
                LanceField field = base.schema()
                        .fieldById(first.getFields(0))
                        .orElseThrow(() -> new NotFoundException(
                                "index " + name.get() + " is on a field that is" + " no longer in " + base.name()));
                List<DataFragment> fragments = new ArrayList<>(base.fragments());
                op.addNewIndices(IndexBuilder.like(first, base, env)
                                .build(base, field, indexType, name.get(), fragments))
                        .addAllRemovedIndices(segments);
            }
        }
        Transaction txn = Transaction.newBuilder()
                .setReadVersion(base.version())
                .setUuid(env.newUuid().toString())
                .setCreateIndex(op)
                .build();
        return StagedTransaction.of(base, txn, OperationResult.NONE);
    }

    @Override
    public String describe() {
        return switch (kind) {
            case CREATE -> "create " + type + " index on " + column;
            case DROP -> "drop index " + name.get();
            case OPTIMIZE -> "optimize index " + name.get();
        };
    }
}
