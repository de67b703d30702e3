package org.coopt.workbench.ssl;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.List;

/**
 * A self-supervised pre-training method (one of Tab. 1's baselines), as solo-learn's
 * {@code methods/base.py}: it owns its heads, its loss, its momentum networks and its view recipe;
 * the training loop owns data, optimizer (AdamW), schedule and accounting.
 *
 * <p>Life cycle: {@link #build} once, then per step: inside a gradient collector
 * {@link #loss}, backward, optimizer update of {@link #trainable()}, then {@link #afterStep}
 * (EMA update, queue, prototype normalisation, DINO centre) while the step's NDManager is still open.
 */
public interface SslMethod extends AutoCloseable {
    /** Registry name (lower case), e.g. {@code byol}. */
    String name();

    /** The two views this method trains on (SimCLR-style symmetric or BYOL-style asymmetric). */
    ViewRecipe.Pair views();

    /** Builds backbone, heads and momentum networks and initialises them (parameters live until {@link #close()}). */
    void build(SslContext context);

    /** The backbone (shared with the online network): what is saved as a prior and probed. */
    Block backbone();

    /** Every block whose parameters the optimizer updates (online network and heads). */
    List<Block> trainable();

    /** The scalar training loss on two views [B, C, H, W]; called while gradients are recorded. */
    NDArray loss(ParameterStore store, NDArray view1, NDArray view2, long step);

    /** Updates after the optimizer step {@code step} (0-based): EMA, queue, prototypes, centre. */
    default void afterStep(ParameterStore store, long step) {}

    /** Frees the method's parameters and state. */
    @Override
    void close();
}
