package org.coopt.workbench.ssl;

import ai.djl.ndarray.NDArray;
import org.coopt.workbench.ssl.loss.DclLoss;

/**
 * DCL (Yeh et al. 2022) as lightly's DCL example: SimCLR's network ({@link ContrastiveMethod}) with the
 * decoupled contrastive loss, T = 0.1, symmetric ({@link DclLoss#symmetric}); symmetric views.
 */
public final class Dcl extends ContrastiveMethod {

    public Dcl(SslSetup setup) {
        this(setup, DclLoss.DEFAULT_TEMPERATURE);
    }

    public Dcl(SslSetup setup, float temperature) {
        super(setup, temperature);
    }

    @Override
    public String name() {
        return "dcl";
    }

    @Override
    protected NDArray pairLoss(NDArray z1, NDArray z2) {
        return DclLoss.symmetric(z1, z2, temperature);
    }
}
