package dev.plainlance.testkit;

import dev.plainlance.lance.failpoint.Failpoint;
import java.util.Optional;

/**
 * Where one schedule crashes: at the {@code n}th hit of a failpoint, or at the {@code n}th mutating storage
 * operation (with a torn-write policy).
 */
public record CrashSpec(Optional<Failpoint> failpoint, int n, TornWritePolicy policy) {
    public static CrashSpec atFailpoint(Failpoint point, int n) {
        return new CrashSpec(Optional.of(point), n, TornWritePolicy.DROPPED);
    }

    public static CrashSpec atOperation(int n, TornWritePolicy policy) {
        return new CrashSpec(Optional.empty(), n, policy);
    }

    /** Arms {@code storage} to crash here. */
    public void arm(FaultInjectingStorage storage) {
        if (failpoint.isPresent()) {
            storage.crashAtFailpoint(failpoint.get(), n);
        } else {
            storage.crashAtOperation(n, policy);
        }
    }

    @Override
    public String toString() {
        return failpoint
                .map(p -> p.name() + (n > 1 ? "#" + n : ""))
                .orElse("storage operation #" + n + " (" + policy.name().toLowerCase(java.util.Locale.ROOT) + ")");
    }
}
