package org.coopt.workbench.train;

import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;

/**
 * What an {@link Objective} gets with every step.
 *
 * @param manager        the step's sub-manager: everything created in the step belongs to it and is freed
 *                       when the step ends
 * @param parameterStore pass to {@code block.forward(parameterStore, inputs, training)}
 * @param step           0-based global step index
 * @param totalSteps     number of steps the run will take (for schedules such as BYOL's τ)
 * @param epoch          0-based epoch
 */
public record StepContext(NDManager manager, ParameterStore parameterStore, long step, long totalSteps, int epoch) {
}
