package dev.plainlance.graph.schema;

import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * One step of a {@link SchemaPlan}, with what the storage layer needs to apply it.
 *
 * @param kind what changes
 * @param safety whether it can be applied, and at what cost
 * @param description the change in words, e.g. {@code add nullable property Person.email}
 * @param reason why it is data-losing or unsupported; for safe steps, what applying it involves
 * @param table the catalog table key the step applies to, as named after the change ({@code node:T} / {@code edge:E})
 * @param previousTable for {@link Kind#RENAME_TYPE}, the table key before the change; otherwise null
 * @param column the property (column) the step applies to, named as after the change; null for type-level steps
 * @param previousColumn for {@link Kind#RENAME_PROPERTY}, the column before the change; otherwise null
 * @param field the column's Arrow field after the change, for property steps other than drops; otherwise null
 * @param tableSchema the table's full Arrow schema after the change, for {@link Kind#ADD_TYPE}; otherwise null
 */
public record PlanStep(
        Kind kind,
        Safety safety,
        String description,
        String reason,
        String table,
        String previousTable,
        String column,
        String previousColumn,
        Field field,
        Schema tableSchema) {

    public enum Kind {
        ADD_TYPE,
        RENAME_TYPE,
        DROP_TYPE,
        ADD_PROPERTY,
        RENAME_PROPERTY,
        DROP_PROPERTY,
        EXTEND_ENUM,
        NARROW_ENUM,
        CHANGE_TYPE,
        MAKE_NULLABLE,
        MAKE_REQUIRED,
        CHANGE_KEY,
        CHANGE_ENDPOINTS,
        UPDATE_METADATA
    }

    public enum Safety {
        /** Applies without touching existing rows' values. */
        SAFE,
        /** Applies only with {@code allowDataLoss}: existing data becomes unreachable. */
        DATA_LOSS,
        /** Never applied: plainlance cannot carry existing rows across this change. */
        UNSUPPORTED
    }

    /** {@code description} then, when it is not safe, the reason, on one line. */
    public String summary() {
        return switch (safety) {
            case SAFE -> description;
            case DATA_LOSS -> description + " (loses data: " + reason + ")";
            case UNSUPPORTED -> description + " (unsupported: " + reason + ")";
        };
    }
}
