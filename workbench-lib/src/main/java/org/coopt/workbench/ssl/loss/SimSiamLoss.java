package org.coopt.workbench.ssl.loss;

import ai.djl.ndarray.NDArray;

/**
 * SimSiam loss (Chen &amp; He 2021, Eq. 1–2; METHOD.md §6), as solo-learn's {@code simsiam_loss_func}.
 *
 * <pre>
 *   D(p, z) = −(1/B) Σ_i ⟨p_i/‖p_i‖, sg(z_i)/‖z_i‖⟩
 *   L = ½ D(p₁, z₂) + ½ D(p₂, z₁)
 * </pre>
 * The stop-gradient on z is what keeps SimSiam from collapsing; there is no momentum network.
 */
public final class SimSiamLoss {
    private SimSiamLoss() {}

    /** D(p, z); no gradient flows into {@code z}. */
    public static NDArray loss(NDArray p, NDArray z) {
        return Ops.cosine(p, z.stopGradient()).mean().neg();
    }

    /** ½ D(p₁, z₂) + ½ D(p₂, z₁). */
    public static NDArray symmetric(NDArray p1, NDArray p2, NDArray z1, NDArray z2) {
        return loss(p1, z2).add(loss(p2, z1)).mul(0.5f);
    }
}
