package dev.plainlance.lance;

import dev.plainlance.lance.error.UnsupportedFeatureException;
import dev.plainlance.lance.operation.Append;
import dev.plainlance.lance.operation.Delete;
import dev.plainlance.lance.operation.Merge;
import dev.plainlance.lance.operation.Operation;
import dev.plainlance.lance.operation.Overwrite;
import dev.plainlance.lance.operation.Update;
import dev.plainlance.lance.schema.LanceSchema;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A transaction, mirroring {@code org.lance.Transaction}: one built to be committed with
 * {@link Dataset#commitTransaction(Transaction)}, or the record of the transaction that produced a version
 * ({@link Dataset#readTransaction()}). Immutable.
 */
public final class Transaction implements AutoCloseable {
    private final long readVersion;
    private final String uuid;
    private final String operationName;
    /** The operation of a built transaction; null for a recorded one, whose operation is read from its record. */
    private final Operation operation;
    /** The record of a committed transaction; null for a built one. */
    private final dev.plainlance.lance.pb.table.Transaction record;

    private final Optional<String> tag;
    private final Optional<Map<String, String>> properties;

    /** A transaction of {@code operation} planned on {@code readVersion}, with a new uuid. */
    public Transaction(long readVersion, Operation operation) {
        this(readVersion, UUID.randomUUID().toString(), operation, Optional.empty(), Optional.empty());
    }

    private Transaction(
            long readVersion,
            String uuid,
            Operation operation,
            Optional<String> tag,
            Optional<Map<String, String>> properties) {
        this.readVersion = readVersion;
        this.uuid = Objects.requireNonNull(uuid, "uuid");
        this.operation = Objects.requireNonNull(operation, "a transaction needs an operation");
        this.record = null;
        this.operationName = operation.name();
        this.tag = tag;
        this.properties = properties;
    }

    /** The record of a committed transaction. */
    Transaction(dev.plainlance.lance.pb.table.Transaction proto) {
        this.readVersion = proto.getReadVersion();
        this.uuid = proto.getUuid();
        this.operationName = operationName(proto);
        this.operation = null;
        this.record = proto;
        this.tag = proto.getTag().isEmpty() ? Optional.empty() : Optional.of(proto.getTag());
        this.properties = proto.getTransactionPropertiesCount() == 0
                ? Optional.empty()
                : Optional.of(Map.copyOf(proto.getTransactionPropertiesMap()));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Transaction other
                && readVersion == other.readVersion
                && uuid.equals(other.uuid)
                && operationName.equals(other.operationName)
                && recordedOrBuiltOperation().equals(other.recordedOrBuiltOperation())
                && tag.equals(other.tag)
                && properties.equals(other.properties);
    }

    @Override
    public int hashCode() {
        return Objects.hash(readVersion, uuid, operationName, tag);
    }

    @Override
    public String toString() {
        return "Transaction[" + operationName + " at read version " + readVersion + ", uuid " + uuid + "]";
    }

    public long readVersion() {
        return readVersion;
    }

    public String uuid() {
        return uuid;
    }

    /** The operation's name as Lance spells it: Append, Delete, Overwrite, Restore, UpdateConfig, ... */
    public String operationName() {
        return operationName;
    }

    /**
     * The operation: {@link Append}, {@link Overwrite}, {@link Delete}, {@link Update} or {@link Merge}.
     *
     * @throws UnsupportedFeatureException for a recorded transaction of another operation (see
     *     {@link #operationName()}), which plainlance has no operation class for
     */
    public Operation operation() {
        return recordedOrBuiltOperation()
                .orElseThrow(() -> new UnsupportedFeatureException("transaction " + uuid + " is a "
                        + operationName
                        + ", which has no operation class in plainlance (Append, Overwrite, Delete, Update"
                        + " and Merge have)"));
    }

    /**
     * The operation, read from the record when asked (not when the record is read: a schema's Arrow form loads
     * classes a command such as {@code dataset info} has no use for).
     */
    private Optional<Operation> recordedOrBuiltOperation() {
        return operation != null ? Optional.of(operation) : operation(record);
    }

    public Optional<String> tag() {
        return tag;
    }

    public Optional<Map<String, String>> transactionProperties() {
        return properties;
    }

    /** Nothing to release: a transaction holds no native or file resources. */
    @Override
    public void close() {}

    private static String operationName(dev.plainlance.lance.pb.table.Transaction proto) {
        return switch (proto.getOperationCase()) {
            case APPEND -> "Append";
            case DELETE -> "Delete";
            case OVERWRITE -> "Overwrite";
            case CREATE_INDEX -> "CreateIndex";
            case REWRITE -> "Rewrite";
            case MERGE -> "Merge";
            case RESTORE -> "Restore";
            case RESERVE_FRAGMENTS -> "ReserveFragments";
            case UPDATE -> "Update";
            case PROJECT -> "Project";
            case UPDATE_CONFIG -> "UpdateConfig";
            case DATA_REPLACEMENT -> "DataReplacement";
            case UPDATE_MEM_WAL_STATE -> "UpdateMemWalState";
            case CLONE -> "Clone";
            case UPDATE_BASES -> "UpdateBases";
            case OPERATION_NOT_SET -> "Unknown";
        };
    }

    private static Optional<Operation> operation(dev.plainlance.lance.pb.table.Transaction proto) {
        return Optional.ofNullable(
                switch (proto.getOperationCase()) {
                    case APPEND ->
                        Append.builder()
                                .fragments(fragments(proto.getAppend().getFragmentsList()))
                                .build();
                    case DELETE ->
                        Delete.builder()
                                .updatedFragments(fragments(proto.getDelete().getUpdatedFragmentsList()))
                                .deletedFragmentIds(proto.getDelete().getDeletedFragmentIdsList())
                                .predicate(proto.getDelete().getPredicate())
                                .build();
                    case OVERWRITE ->
                        Overwrite.builder()
                                .fragments(fragments(proto.getOverwrite().getFragmentsList()))
                                .schema(LanceSchema.fromProto(
                                                proto.getOverwrite().getSchemaList(),
                                                proto.getOverwrite().getSchemaMetadataMap())
                                        .toArrow())
                                .configUpsertValues(proto.getOverwrite().getConfigUpsertValuesMap())
                                .build();
                    case MERGE ->
                        Merge.builder()
                                .fragments(fragments(proto.getMerge().getFragmentsList()))
                                .schema(LanceSchema.fromProto(
                                                proto.getMerge().getSchemaList(),
                                                proto.getMerge().getSchemaMetadataMap())
                                        .toArrow())
                                .build();
                    case UPDATE ->
                        Update.builder()
                                .removedFragmentIds(proto.getUpdate().getRemovedFragmentIdsList())
                                .updatedFragments(fragments(proto.getUpdate().getUpdatedFragmentsList()))
                                .newFragments(fragments(proto.getUpdate().getNewFragmentsList()))
                                .fieldsModified(proto.getUpdate().getFieldsModifiedList().stream()
                                        .mapToLong(Integer::longValue)
                                        .toArray())
                                .fieldsForPreservingFragBitmap(
                                        proto.getUpdate().getFieldsForPreservingFragBitmapList().stream()
                                                .mapToLong(Integer::longValue)
                                                .toArray())
                                .updateMode(Optional.of(
                                        proto.getUpdate().getUpdateModeValue() == 1
                                                ? Update.UpdateMode.RewriteColumns
                                                : Update.UpdateMode.RewriteRows))
                                .build();
                    default -> null;
                });
    }

    private static List<FragmentMetadata> fragments(List<dev.plainlance.lance.pb.table.DataFragment> protos) {
        return protos.stream().map(FragmentMetadata::new).toList();
    }

    /** Builds a {@link Transaction}, mirroring {@code org.lance.Transaction.Builder}. */
    public static final class Builder {
        private long readVersion;
        private String uuid = UUID.randomUUID().toString();
        private Operation operation;
        private Optional<String> tag = Optional.empty();
        private Optional<Map<String, String>> properties = Optional.empty();

        public Builder() {}

        /** The version the transaction was planned on. */
        public Builder readVersion(long readVersion) {
            this.readVersion = readVersion;
            return this;
        }

        /** The uuid the committed transaction carries; a new one unless set. */
        public Builder uuid(String uuid) {
            this.uuid = uuid;
            return this;
        }

        public Builder operation(Operation operation) {
            this.operation = operation;
            return this;
        }

        public Builder tag(String tag) {
            this.tag = Optional.of(tag);
            return this;
        }

        public Builder transactionProperties(Map<String, String> properties) {
            this.properties = Optional.of(Map.copyOf(properties));
            return this;
        }

        /** @throws NullPointerException without an operation */
        public Transaction build() {
            return new Transaction(readVersion, uuid, operation, tag, properties);
        }
    }
}
