package org.coopt.workbench.train;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a training loop's steps spent their time, summed over {@code steps} steps: the objective's forward pass and
 * loss, the backward pass, the AdamW updates (one per parameter), and {@link Objective#afterStep} (EMA targets,
 * queues, prototype normalisation). PyTorch's CPU kernels run synchronously, so the wall time between two points of
 * the Java code is the work done in between; on a GPU the phases would need a synchronisation each.
 *
 * @param steps     steps counted
 * @param forward   seconds in the objective's forward pass and loss
 * @param backward  seconds in the backward pass (including reading the loss value)
 * @param optimizer seconds in the AdamW updates
 * @param afterStep seconds in the objective's after-step updates
 */
public record StepPhases(long steps, double forward, double backward, double optimizer, double afterStep) {
    /** Total seconds of the counted steps. */
    public double total() {
        return forward + backward + optimizer + afterStep;
    }

    /** Each phase's share of {@link #total()} (0 for no steps), in phase order, rounded to 3 decimals. */
    public Map<String, Double> shares() {
        Map<String, Double> out = new LinkedHashMap<>();
        double t = total();
        out.put("forward", share(forward, t));
        out.put("backward", share(backward, t));
        out.put("optimizer", share(optimizer, t));
        out.put("after_step", share(afterStep, t));
        return out;
    }

    /** The phases of the steps counted after {@code earlier} was taken. */
    public StepPhases since(StepPhases earlier) {
        return new StepPhases(steps - earlier.steps, forward - earlier.forward, backward - earlier.backward,
                optimizer - earlier.optimizer, afterStep - earlier.afterStep);
    }

    private static double share(double x, double t) {
        return t <= 0 ? 0 : Math.round(1000 * x / t) / 1000.0;
    }
}
