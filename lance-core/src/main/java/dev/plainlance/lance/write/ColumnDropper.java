package dev.plainlance.lance.write;

import dev.plainlance.lance.commit.DatasetFailpoints;
import dev.plainlance.lance.env.Env;
import dev.plainlance.lance.error.NotFoundException;
import dev.plainlance.lance.pb.file.Field;
import dev.plainlance.lance.pb.table.Transaction;
import dev.plainlance.lance.schema.InvalidSchemaException;
import dev.plainlance.lance.schema.LanceField;
import dev.plainlance.lance.schema.LanceSchema;
import dev.plainlance.lance.table.TableSnapshot;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Stages {@code dropColumns}: a Project transaction whose schema leaves out the named top-level columns and their
 * children. It is a schema change only; the manifest build removes data files left without any field, and the
 * files stay on disk for older versions until {@code cleanupOldVersions}.
 */
public final class ColumnDropper {

    private final Env env;

    public ColumnDropper(Env env) {
        this.env = env;
    }

    /**
     * The uncommitted Project transaction built at {@code dataset}'s version.
     *
     * @throws NotFoundException if a column does not exist
     * @throws IllegalArgumentException if a column is named twice
     * @throws InvalidSchemaException if no column would remain
     */
    public Transaction stage(TableSnapshot dataset, List<String> columns) {
        LanceSchema schema = dataset.schema();
        Set<Integer> dropped = new HashSet<>();
        for (String name : columns) {
            LanceField field = schema.fields().stream()
                    .filter(f -> f.name().equals(name))
                    .findFirst()
                    .orElseThrow(() -> new NotFoundException("cannot drop column '" + name + "' from "
                            + dataset.name() + ": it does not exist; columns are "
                            + schema.fields().stream().map(LanceField::name).toList()));
            if (!dropped.add(field.id())) {
                throw new IllegalArgumentException("column '" + name + "' is named twice in the columns to drop");
            }
        }
        if (dropped.size() == schema.fields().size()) {
            throw new InvalidSchemaException("cannot drop every column of " + dataset.name());
        }
        Transaction.Project.Builder project = Transaction.Project.newBuilder();
        for (Field field : dataset.manifest().getFieldsList()) {
            if (dropped.contains(field.getParentId())) {
                dropped.add(field.getId());
            } else if (!dropped.contains(field.getId())) {
                project.addSchema(field);
            }
        }
        env.hit(DatasetFailpoints.STAGED);
        return Transaction.newBuilder()
                .setReadVersion(dataset.version())
                .setUuid(env.newUuid().toString())
                .setProject(project)
                .build();
    }
}
