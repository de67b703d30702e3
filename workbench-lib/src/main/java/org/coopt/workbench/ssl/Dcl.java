package org.coopt.workbench.ssl;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import org.coopt.workbench.train.Batch;
import org.coopt.workbench.train.StepContext;
import org.coopt.workbench.ssl.loss.DclLoss;

/**
 * DCL (Yeh et al. 2022) as lightly's DCL example: SimCLR's network with the decoupled contrastive
 * loss, T = 0.1, symmetric ({@link DclLoss#symmetric}); symmetric views.
 */
public final class Dcl extends AbstractSslMethod {
    private final float temperature;

    public Dcl(SslSetup setup) {
        this(setup, DclLoss.DEFAULT_TEMPERATURE);
    }

    public Dcl(SslSetup setup, float temperature) {
        super(setup);
        this.temperature = temperature;
    }

    @Override
    public String name() {
        return "dcl";
    }

    @Override
    public SslViews views() {
        return SslViews.symmetric(setup.spec().imageSize(), setup.spec().inChannels());
    }

    @Override
    protected Block projector(HeadSizes s) {
        return Heads.projector(s);
    }

    @Override
    protected void buildHeads() {}

    @Override
    public NDArray loss(StepContext ctx, Batch batch) {
        ParameterStore store = ctx.parameterStore();
        NDArray x1 = batch.view1();
        NDArray x2 = batch.view2();
        return DclLoss.symmetric(run(online, store, x1), run(online, store, x2), temperature);
    }
}
