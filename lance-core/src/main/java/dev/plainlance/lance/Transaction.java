package dev.plainlance.lance;

import java.util.Map;
import java.util.Optional;

/** The transaction that produced a dataset version, mirroring {@code org.lance.Transaction}. Immutable. */
public final class Transaction {
    private final dev.plainlance.lance.pb.table.Transaction proto;

    Transaction(dev.plainlance.lance.pb.table.Transaction proto) {
        this.proto = proto;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Transaction other && proto.equals(other.proto);
    }

    @Override
    public int hashCode() {
        return proto.hashCode();
    }

    @Override
    public String toString() {
        return "Transaction[" + operationName() + " at read version " + readVersion() + ", uuid " + uuid() + "]";
    }

    public long readVersion() {
        return proto.getReadVersion();
    }

    public String uuid() {
        return proto.getUuid();
    }

    /** The operation's name as Lance spells it: Append, Delete, Overwrite, Restore, UpdateConfig, ... */
    public String operationName() {
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

    public Optional<String> tag() {
        return proto.getTag().isEmpty() ? Optional.empty() : Optional.of(proto.getTag());
    }

    public Optional<Map<String, String>> transactionProperties() {
        return proto.getTransactionPropertiesCount() == 0
                ? Optional.empty()
                : Optional.of(Map.copyOf(proto.getTransactionPropertiesMap()));
    }
}
