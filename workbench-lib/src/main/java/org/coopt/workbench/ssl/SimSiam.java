package org.coopt.workbench.ssl;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import org.coopt.workbench.ssl.loss.SimSiamLoss;

/**
 * SimSiam (Chen &amp; He 2021) as solo-learn's {@code methods/simsiam.py}: [backbone → 3-layer
 * projector h→2h→2h→out, BN on every layer] → predictor out→bottleneck→out (bottleneck = out/4, the
 * paper's 2048→512 ratio); loss {@link SimSiamLoss#symmetric} with stop-gradient; no momentum
 * network; symmetric views.
 */
public final class SimSiam extends AbstractSslMethod {
    private Block predictor;

    @Override
    public String name() {
        return "simsiam";
    }

    @Override
    public ViewRecipe.Pair views() {
        return ViewRecipe.Pair.SYMMETRIC;
    }

    @Override
    protected Block projector(HeadSizes s) {
        return Heads.simSiamProjector(s);
    }

    @Override
    protected void buildHeads() {
        predictor = head(Heads.simSiamPredictor(context.sizes()), context.sizes().out());
    }

    @Override
    public NDArray loss(ParameterStore store, NDArray x1, NDArray x2, long step) {
        NDArray z1 = run(online, store, x1);
        NDArray z2 = run(online, store, x2);
        return SimSiamLoss.symmetric(run(predictor, store, z1), run(predictor, store, z2), z1, z2);
    }
}
