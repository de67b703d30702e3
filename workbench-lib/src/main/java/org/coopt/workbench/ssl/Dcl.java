package org.coopt.workbench.ssl;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import org.coopt.workbench.ssl.loss.DclLoss;

/**
 * DCL (Yeh et al. 2022) as lightly's DCL example: SimCLR's network with the decoupled contrastive
 * loss, T = 0.1, symmetric ({@link DclLoss#symmetric}); symmetric views.
 */
public final class Dcl extends AbstractSslMethod {
    private final float temperature;

    public Dcl() {
        this(DclLoss.DEFAULT_TEMPERATURE);
    }

    public Dcl(float temperature) {
        this.temperature = temperature;
    }

    @Override
    public String name() {
        return "dcl";
    }

    @Override
    public ViewRecipe.Pair views() {
        return ViewRecipe.Pair.SYMMETRIC;
    }

    @Override
    protected Block projector(HeadSizes s) {
        return Heads.projector(s);
    }

    @Override
    protected void buildHeads() {}

    @Override
    public NDArray loss(ParameterStore store, NDArray x1, NDArray x2, long step) {
        return DclLoss.symmetric(run(online, store, x1), run(online, store, x2), temperature);
    }
}
