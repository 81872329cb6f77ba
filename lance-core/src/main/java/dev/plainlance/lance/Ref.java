package dev.plainlance.lance;

import java.util.Optional;

/**
 * A reference to a version: a version of the main branch or of a named branch (the latest when no number is
 * given), or a tag. Mirrors {@code org.lance.Ref}.
 */
public final class Ref {
    private final Optional<Long> versionNumber;
    private final Optional<String> branchName;
    private final Optional<String> tagName;

    public Ref(Optional<Long> versionNumber, Optional<String> branchName, Optional<String> tagName) {
        if (tagName.isPresent() && (versionNumber.isPresent() || branchName.isPresent())) {
            throw new IllegalArgumentException("a tag reference names neither a version nor a branch");
        }
        this.versionNumber = versionNumber;
        this.branchName = branchName;
        this.tagName = tagName;
    }

    /** The latest version of the main branch. */
    public static Ref ofMain() {
        return new Ref(Optional.empty(), Optional.empty(), Optional.empty());
    }

    public static Ref ofMain(long version) {
        return new Ref(Optional.of(version), Optional.empty(), Optional.empty());
    }

    /** The latest version of {@code branch}. */
    public static Ref ofBranch(String branch) {
        return new Ref(Optional.empty(), Optional.of(branch), Optional.empty());
    }

    public static Ref ofBranch(String branch, long version) {
        return new Ref(Optional.of(version), Optional.of(branch), Optional.empty());
    }

    public static Ref ofTag(String tag) {
        return new Ref(Optional.empty(), Optional.empty(), Optional.of(tag));
    }

    /** The version; empty for the latest, or for a tag. */
    public Optional<Long> getVersionNumber() {
        return versionNumber;
    }

    /** The branch; empty for the main branch, or for a tag. */
    public Optional<String> getBranchName() {
        return branchName;
    }

    public Optional<String> getTagName() {
        return tagName;
    }

    @Override
    public String toString() {
        if (tagName.isPresent()) {
            return "tag " + tagName.get();
        }
        return branchName.map(b -> "branch " + b).orElse("main")
                + versionNumber.map(v -> " version " + v).orElse(" latest");
    }
}
