package org.coopt.workbench.ssl;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import org.coopt.workbench.train.Batch;
import org.coopt.workbench.train.StepContext;
import org.coopt.workbench.ssl.loss.Ops;
import org.coopt.workbench.ssl.loss.SinkhornKnopp;
import org.coopt.workbench.ssl.loss.SwavLoss;

/**
 * SwAV (Caron et al. 2020) as solo-learn's {@code methods/swav.py}: [backbone → projector h→2h→out]
 * → L2-normalise → K prototypes (bias-free Linear whose rows are renormalised to the unit sphere
 * after every step and at start); codes by Sinkhorn-Knopp (ε = 0.05, 3 iterations) on detached
 * scores; swapped prediction with T = 0.1 ({@link SwavLoss}). K = min(3000, 30·width)
 * ({@link HeadSizes}); no queue and no multi-crop (two views). Symmetric views.
 */
public final class SwAV extends AbstractSslMethod {
    private Block prototypes;

    public SwAV(SslSetup setup) {
        super(setup);
    }

    @Override
    public String name() {
        return "swav";
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
    protected void buildHeads() {
        prototypes = head(Heads.prototypes(setup.sizes().prototypes()), setup.sizes().out());
        Heads.normalizePrototypes(prototypes);
    }

    public Block prototypes() {
        return prototypes;
    }

    @Override
    public NDArray loss(StepContext ctx, Batch batch) {
        ParameterStore store = ctx.parameterStore();
        NDArray x1 = batch.view1();
        NDArray x2 = batch.view2();
        NDArray p1 = run(prototypes, store, Ops.normalize(run(online, store, x1)));
        NDArray p2 = run(prototypes, store, Ops.normalize(run(online, store, x2)));
        return SwavLoss.fromScores(p1, p2, SwavLoss.DEFAULT_TEMPERATURE,
                SinkhornKnopp.DEFAULT_EPSILON, SinkhornKnopp.DEFAULT_ITERATIONS);
    }

    @Override
    public void afterStep(StepContext ctx) {
        Heads.normalizePrototypes(prototypes);
    }
}
