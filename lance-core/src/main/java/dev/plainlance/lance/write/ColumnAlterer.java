package dev.plainlance.lance.write;

import com.google.protobuf.ByteString;
import dev.plainlance.lance.commit.DatasetFailpoints;
import dev.plainlance.lance.env.Env;
import dev.plainlance.lance.error.NotFoundException;
import dev.plainlance.lance.ipc.LanceScanner;
import dev.plainlance.lance.ipc.ScanOptions;
import dev.plainlance.lance.pb.file.Field;
import dev.plainlance.lance.pb.table.Transaction;
import dev.plainlance.lance.schema.ColumnAlteration;
import dev.plainlance.lance.schema.LanceSchema;
import dev.plainlance.lance.table.TableSnapshot;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.ipc.ArrowReader;

/**
 * Stages renames, nullability and field metadata changes of columns as a Project transaction: a schema change
 * only, data files untouched; with a cast among them, as the Merge transaction of {@link ColumnCaster}. Making a column non-nullable first scans it, and is refused while it holds a null.
 */
public final class ColumnAlterer {
    private final Env env;

    public ColumnAlterer(Env env) {
        this.env = env;
    }

    /**
     * The uncommitted Project transaction built at {@code dataset}'s version.
     *
     * @throws NotFoundException if a column does not exist
     * @throws IllegalArgumentException if a column is altered twice, a new name is empty or taken by a sibling,
     *     or a column made non-nullable holds nulls
     */
    public Transaction stage(TableSnapshot dataset, List<ColumnAlteration> alterations) throws IOException {
        if (alterations.isEmpty()) {
            throw new IllegalArgumentException("no columns to alter in " + dataset.name());
        }
        List<Field> fields = dataset.manifest().getFieldsList();
        Map<String, Integer> idsByPath = paths(fields);
        Map<Integer, Field.Builder> changed = new HashMap<>();
        Map<Integer, org.apache.arrow.vector.types.pojo.ArrowType> casts = new HashMap<>();
        for (ColumnAlteration alteration : alterations) {
            Integer id = idsByPath.get(alteration.getPath());
            if (id == null) {
                throw new NotFoundException("cannot alter column '" + alteration.getPath() + "' of " + dataset.name()
                        + ": it does not exist; columns are " + idsByPath.keySet());
            }
            if (changed.containsKey(id)) {
                throw new IllegalArgumentException(
                        "column '" + alteration.getPath() + "' is altered twice in one change");
            }
            Field field =
                    fields.stream().filter(f -> f.getId() == id).findFirst().orElseThrow();
            Field.Builder next = field.toBuilder();
            alteration.getRename().ifPresent(name -> next.setName(checkName(name, field, fields, dataset)));
            alteration.getNullable().ifPresent(next::setNullable);
            if (alteration.getMetadata().isPresent()) {
                Map<String, String> metadata = alteration.getMetadata().get();
                requireSameReadingKeys(dataset, alteration.getPath(), id, metadata);
                next.clearMetadata();
                metadata.forEach((k, v) -> next.putMetadata(k, ByteString.copyFromUtf8(v)));
            }
            if (alteration.getNullable().equals(java.util.Optional.of(false)) && field.getNullable()) {
                requireNoNulls(dataset, alteration.getPath());
            }
            if (alteration.getDataType().isPresent()) {
                if (field.getParentId() != -1) {
                    throw new dev.plainlance.lance.error.UnsupportedFeatureException("cannot cast column '"
                            + alteration.getPath() + "' of " + dataset.name() + ": only top-level columns are cast");
                }
                casts.put(id, alteration.getDataType().get());
            }
            changed.put(id, next);
        }
        if (!casts.isEmpty()) {
            List<Field> altered = new ArrayList<>();
            for (Field field : fields) {
                Field.Builder next = changed.get(field.getId());
                altered.add(next == null ? field : next.build());
            }
            Transaction merge = new ColumnCaster(env).stage(dataset, altered, casts);
            env.hit(DatasetFailpoints.STAGED);
            return merge;
        }
        Transaction.Project.Builder project = Transaction.Project.newBuilder();
        for (Field field : fields) {
            Field.Builder next = changed.get(field.getId());
            project.addSchema(next == null ? field : next.build());
        }
        env.hit(DatasetFailpoints.STAGED);
        return Transaction.newBuilder()
                .setReadVersion(dataset.version())
                .setUuid(env.newUuid().toString())
                .setProject(project)
                .build();
    }

    /**
     * The keys of field metadata that change how a column is read, which a metadata change must keep: they are
     * mirrored by the protobuf field's {@code extension_name} and {@code unenforced_primary_key}.
     */
    private static void requireSameReadingKeys(
            TableSnapshot dataset, String path, int id, Map<String, String> metadata) {
        Map<String, String> current =
                dataset.schema().fieldById(id).orElseThrow().metadata();
        Set<String> keys = new HashSet<>(current.keySet());
        keys.addAll(metadata.keySet());
        for (String key : keys) {
            boolean reading = key.startsWith("ARROW:extension:") || key.equals(LanceSchema.UNENFORCED_PRIMARY_KEY_KEY);
            if (reading && !java.util.Objects.equals(current.get(key), metadata.get(key))) {
                throw new IllegalArgumentException("cannot change the metadata key '" + key + "' of column '" + path
                        + "' of " + dataset.name() + ": it changes how the column is read");
            }
        }
    }

    private static String checkName(String name, Field field, List<Field> fields, TableSnapshot dataset) {
        if (name.isEmpty() || name.contains(".")) {
            throw new IllegalArgumentException("invalid column name '" + name + "': it must be non-empty, without '.'");
        }
        Set<String> siblings = new HashSet<>();
        fields.stream()
                .filter(f -> f.getParentId() == field.getParentId() && f.getId() != field.getId())
                .forEach(f -> siblings.add(f.getName()));
        if (siblings.contains(name)) {
            throw new IllegalArgumentException("cannot rename column '" + field.getName() + "' to '" + name + "' in "
                    + dataset.name() + ": a column of that name exists");
        }
        return name;
    }

    private void requireNoNulls(TableSnapshot dataset, String path) throws IOException {
        String top = path.contains(".") ? path.substring(0, path.indexOf('.')) : path;
        try (ArrowReader rows = new LanceScanner(
                        dataset, new ScanOptions.Builder().columns(List.of(top)).build(), env)
                .scanBatches()) {
            while (rows.loadNextBatch()) {
                FieldVector vector = rows.getVectorSchemaRoot().getVector(0);
                for (String child :
                        path.contains(".") ? path.substring(top.length() + 1).split("\\.") : new String[0]) {
                    vector = (FieldVector) vector.getChildrenFromFields().stream()
                            .filter(c -> c.getName().equals(child))
                            .findFirst()
                            .orElseThrow();
                }
                if (vector.getNullCount() > 0) {
                    throw new IllegalArgumentException(
                            "cannot make column '" + path + "' of " + dataset.name() + " non-nullable: it holds nulls");
                }
            }
        }
    }

    /** Every field's dotted path, by id. */
    private static Map<String, Integer> paths(List<Field> fields) {
        Map<Integer, Field> byId = new HashMap<>();
        fields.forEach(f -> byId.put(f.getId(), f));
        Map<String, Integer> out = new java.util.LinkedHashMap<>();
        for (Field field : fields) {
            List<String> names = new ArrayList<>();
            Field at = field;
            while (at != null) {
                names.add(0, at.getName());
                at = byId.get(at.getParentId());
            }
            out.put(String.join(".", names), field.getId());
        }
        return out;
    }
}
