package org.coopt.workbench.ssl;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import org.coopt.workbench.train.Batch;
import org.coopt.workbench.train.StepContext;
import org.coopt.workbench.ssl.loss.SimSiamLoss;

/**
 * SimSiam (Chen &amp; He 2021) as solo-learn's {@code methods/simsiam.py}: [backbone → 3-layer
 * projector h→2h→2h→out, BN on every layer] → predictor out→bottleneck→out (bottleneck = out/4, the
 * paper's 2048→512 ratio); loss {@link SimSiamLoss#symmetric} with stop-gradient; no momentum
 * network; symmetric views.
 */
public final class SimSiam extends AbstractSslMethod {
    private Block predictor;

    public SimSiam(SslSetup setup) {
        super(setup);
    }

    @Override
    public String name() {
        return "simsiam";
    }

    @Override
    public SslViews views() {
        return SslViews.symmetric(setup.spec().imageSize(), setup.spec().inChannels());
    }

    @Override
    protected Block projector(HeadSizes s) {
        return Heads.simSiamProjector(s);
    }

    @Override
    protected void buildHeads() {
        predictor = head(Heads.simSiamPredictor(setup.sizes()), setup.sizes().out());
    }

    @Override
    public NDArray loss(StepContext ctx, Batch batch) {
        ParameterStore store = ctx.parameterStore();
        NDArray x1 = batch.view1();
        NDArray x2 = batch.view2();
        NDArray z1 = run(online, store, x1);
        NDArray z2 = run(online, store, x2);
        return SimSiamLoss.symmetric(run(predictor, store, z1), run(predictor, store, z2), z1, z2);
    }
}
