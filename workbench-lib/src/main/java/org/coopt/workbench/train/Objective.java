package org.coopt.workbench.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.util.List;

/**
 * A training objective for {@link TrainingLoop}: the networks it trains, and the loss of a batch of two
 * augmented views. The CoOpt student ({@link StudentObjective}) and every SSL method implement it.
 *
 * <p>Life cycle: {@link #initialize} once (parameters on the loop's long-lived manager), then per step
 * {@link #loss} inside a gradient collector, the optimizer update of {@link #trainableBlocks()}'s
 * parameters, then {@link #afterStep} (e.g. an EMA update of a target network, without gradients).
 */
public interface Objective {

    /** Short name for logs and curves, e.g. {@code coopt-student}, {@code byol}. */
    String name();

    /**
     * Creates the parameters of every block (trainable or not) on {@code manager}.
     *
     * @param inputShape the shape of one input batch [B, C, H, W]
     */
    void initialize(NDManager manager, Shape inputShape);

    /** Blocks whose parameters the optimizer updates (frozen parameters inside them are skipped). */
    List<Block> trainableBlocks();

    /** The backbone whose features are probed (kNN / linear probe) and saved as the result. */
    Block backbone();

    /** Whether {@link Batch#targets()} must be filled (optimized data); false for SSL. */
    default boolean needsTargets() {
        return false;
    }

    /** Whether {@link Batch#labels()} must be filled (supervised training). */
    default boolean needsLabels() {
        return false;
    }

    /**
     * The scalar loss of the batch (float32, shape [] or [1]); called with gradient recording on, so
     * only arrays reached from the trainable parameters receive gradients.
     */
    NDArray loss(StepContext ctx, Batch batch);

    /** Called after each optimizer step, outside gradient recording (EMA updates, schedules). */
    default void afterStep(StepContext ctx) {
    }
}
