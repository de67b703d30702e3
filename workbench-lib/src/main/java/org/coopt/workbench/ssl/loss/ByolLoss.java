package org.coopt.workbench.ssl.loss;

import ai.djl.ndarray.NDArray;

/**
 * BYOL loss (Grill et al. 2020, Eq. 2; METHOD.md §6), as solo-learn's {@code byol_loss_func}.
 *
 * <pre>
 *   ℓ(p, z') = 2 − 2 · (1/B) Σ_i ⟨p_i/‖p_i‖, sg(z'_i)/‖z'_i‖⟩
 *   L = ℓ(p₁, z'₂) + ℓ(p₂, z'₁)          (symmetric: each view predicts the other's target)
 * </pre>
 * p = online predictor output, z' = momentum (target) projector output, sg = stop-gradient.
 */
public final class ByolLoss {
    private ByolLoss() {}

    /** ℓ(p, z') for one direction; no gradient flows into {@code target}. */
    public static NDArray loss(NDArray prediction, NDArray target) {
        return Ops.cosine(prediction, target.stopGradient()).mean().mul(-2).add(2);
    }

    /** ℓ(p₁, z'₂) + ℓ(p₂, z'₁). */
    public static NDArray symmetric(NDArray p1, NDArray p2, NDArray z1, NDArray z2) {
        return loss(p1, z2).add(loss(p2, z1));
    }
}
