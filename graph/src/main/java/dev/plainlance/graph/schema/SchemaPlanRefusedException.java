package dev.plainlance.graph.schema;

import dev.plainlance.lance.error.LanceException;
import java.util.List;
import java.util.stream.Collectors;

/** A schema change contains steps that may not be applied: unsupported ones, or data-losing ones not allowed. */
public final class SchemaPlanRefusedException extends LanceException {
    private static final long serialVersionUID = 1L;

    private final transient List<PlanStep> refused;

    public SchemaPlanRefusedException(List<PlanStep> refused) {
        super(message(refused));
        this.refused = List.copyOf(refused);
    }

    public List<PlanStep> refused() {
        return refused;
    }

    private static String message(List<PlanStep> refused) {
        boolean dataLoss = refused.stream().anyMatch(s -> s.safety() == PlanStep.Safety.DATA_LOSS);
        return "schema change refused, " + refused.size() + " step" + (refused.size() == 1 ? "" : "s") + ": "
                + refused.stream().map(PlanStep::summary).collect(Collectors.joining("; "))
                + (dataLoss ? "; pass --allow-data-loss to drop data" : "");
    }
}
