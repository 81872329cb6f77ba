package dev.plainlance.lance.table;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A branch, stored as {@code _refs/branches/{name}.json} at the main dataset root; its versions live in the
 * dataset root {@code tree/{name}}. Mirrors {@code org.lance.Branch}.
 *
 * @param parentBranch the branch it was created from, empty for the main branch
 * @param parentVersion the version of the parent it was created from (its first version has the same number)
 * @param branchIdentifier the lineage: the parent's entries, then this branch's ({@code parentVersion}, random id)
 * @param createAt creation time in Unix seconds
 * @param manifestSize size in bytes of the parent's manifest at {@code parentVersion}
 */
public record Branch(
        String name,
        Optional<String> parentBranch,
        List<BranchVersionMapping> branchIdentifier,
        long parentVersion,
        long createAt,
        long manifestSize,
        Map<String, String> metadata) {

    public Branch {
        branchIdentifier = List.copyOf(branchIdentifier);
        metadata = Map.copyOf(metadata);
    }

    /** One step of a branch's lineage: created at {@code version} of its parent, identified by {@code uuid}. */
    public record BranchVersionMapping(long version, String uuid) {
        public long getVersion() {
            return version;
        }

        public String getUuid() {
            return uuid;
        }
    }

    public String getName() {
        return name;
    }

    public Optional<String> getParentBranch() {
        return parentBranch;
    }

    public List<BranchVersionMapping> getBranchIdentifier() {
        return branchIdentifier;
    }

    public long getParentVersion() {
        return parentVersion;
    }

    public long getCreateAt() {
        return createAt;
    }

    public long getManifestSize() {
        return manifestSize;
    }

    public Map<String, String> getMetadata() {
        return metadata;
    }
}
