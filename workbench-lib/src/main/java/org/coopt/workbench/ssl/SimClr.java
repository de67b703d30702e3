package org.coopt.workbench.ssl;

import ai.djl.ndarray.NDArray;
import org.coopt.workbench.ssl.loss.NtXentLoss;

/**
 * SimCLR (Chen et al. 2020) as solo-learn's {@code methods/simclr.py}: [backbone → projector
 * h→2h→out] ({@link ContrastiveMethod}), NT-Xent with T = 0.2 ({@link NtXentLoss}), symmetric views.
 */
public final class SimClr extends ContrastiveMethod {

    public SimClr(SslSetup setup) {
        this(setup, NtXentLoss.DEFAULT_TEMPERATURE);
    }

    public SimClr(SslSetup setup, float temperature) {
        super(setup, temperature);
    }

    @Override
    public String name() {
        return "simclr";
    }

    @Override
    protected NDArray pairLoss(NDArray z1, NDArray z2) {
        return NtXentLoss.loss(z1, z2, temperature);
    }
}
