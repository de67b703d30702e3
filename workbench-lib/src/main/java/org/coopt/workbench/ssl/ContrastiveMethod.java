package org.coopt.workbench.ssl;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import org.coopt.workbench.train.Batch;
import org.coopt.workbench.train.StepContext;

/**
 * The network SimCLR and DCL share, [backbone → projector h→2h→out] on symmetric views, with the
 * contrastive loss between the two views' projections left to the subclass. METHOD.md §6 gives the
 * projector as h→2048→256; the workbench scales it with the backbone ({@link HeadSizes}).
 */
abstract class ContrastiveMethod extends AbstractSslMethod {
    protected final float temperature;

    ContrastiveMethod(SslSetup setup, float temperature) {
        super(setup);
        if (!(temperature > 0)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " temperature must be > 0, got " + temperature);
        }
        this.temperature = temperature;
    }

    /** The loss between the projections of view 1 and view 2 (B×out each). */
    protected abstract NDArray pairLoss(NDArray z1, NDArray z2);

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
        return pairLoss(run(online, store, batch.view1()), run(online, store, batch.view2()));
    }
}
