package dev.plainlance.graph.schema;

import java.util.List;

/** The ordered steps that evolve one schema into another. Build one with {@link SchemaPlanner#plan}. */
public record SchemaPlan(List<PlanStep> steps) {

    public SchemaPlan {
        steps = List.copyOf(steps);
    }

    /** True when the schemas are the same (no steps). */
    public boolean isEmpty() {
        return steps.isEmpty();
    }

    /** The steps that would be refused: unsupported ones, and data-losing ones unless {@code allowDataLoss}. */
    public List<PlanStep> refused(boolean allowDataLoss) {
        return steps.stream()
                .filter(s -> s.safety() == PlanStep.Safety.UNSUPPORTED
                        || (s.safety() == PlanStep.Safety.DATA_LOSS && !allowDataLoss))
                .toList();
    }

    /**
     * Returns this plan when every step may be applied.
     *
     * @throws SchemaPlanRefusedException listing each refused step and why
     */
    public SchemaPlan requireApplicable(boolean allowDataLoss) {
        List<PlanStep> refused = refused(allowDataLoss);
        if (!refused.isEmpty()) {
            throw new SchemaPlanRefusedException(refused);
        }
        return this;
    }
}
