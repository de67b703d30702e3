package org.coopt.workbench.ssl;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import org.coopt.workbench.train.Batch;
import org.coopt.workbench.train.StepContext;
import org.coopt.workbench.ssl.loss.NtXentLoss;

/**
 * SimCLR (Chen et al. 2020) as solo-learn's {@code methods/simclr.py}: [backbone → projector
 * h→2h→out], NT-Xent with T = 0.2 ({@link NtXentLoss}), symmetric views. METHOD.md §6 gives the
 * projector as h→2048→256; the workbench scales it with the backbone ({@link HeadSizes}).
 */
public final class SimClr extends AbstractSslMethod {
    private final float temperature;

    public SimClr(SslSetup setup) {
        this(setup, NtXentLoss.DEFAULT_TEMPERATURE);
    }

    public SimClr(SslSetup setup, float temperature) {
        super(setup);
        this.temperature = temperature;
    }

    @Override
    public String name() {
        return "simclr";
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
        return NtXentLoss.loss(run(online, store, x1), run(online, store, x2), temperature);
    }
}
