package org.coopt.workbench.ssl.loss;

import ai.djl.ndarray.NDArray;

/**
 * SwAV swapped-prediction loss (Caron et al. 2020, Eq. 1–2; METHOD.md §6: T = 0.1), as solo-learn's
 * {@code swav_loss_func} with two views.
 *
 * <pre>
 *   p_v = scores of view v (B×K, normalised features · normalised prototypes)
 *   q_v = SinkhornKnopp(sg(p_v))                        (codes, each row sums to 1)
 *   ℓ(q, p) = −(1/B) Σ_i Σ_k q_ik · log softmax(p_i / T)_k
 *   L = ½ ℓ(q₁, p₂) + ½ ℓ(q₂, p₁)                       (predict one view's code from the other view)
 * </pre>
 */
public final class SwavLoss {
    public static final float DEFAULT_TEMPERATURE = 0.1f;

    private SwavLoss() {}

    /** ℓ(q, p); {@code codes} are treated as constants. */
    public static NDArray loss(NDArray codes, NDArray scores, float temperature) {
        return codes.stopGradient().mul(scores.div(temperature).logSoftmax(1)).sum(new int[] {1}).mean().neg();
    }

    /** ½ ℓ(q₁, p₂) + ½ ℓ(q₂, p₁) with q_v given (from {@link SinkhornKnopp}). */
    public static NDArray swapped(NDArray p1, NDArray p2, NDArray q1, NDArray q2, float temperature) {
        return loss(q1, p2, temperature).add(loss(q2, p1, temperature)).mul(0.5f);
    }

    /** The whole SwAV loss from the two views' scores: codes by Sinkhorn-Knopp, then {@link #swapped}. */
    public static NDArray fromScores(NDArray p1, NDArray p2, float temperature, float epsilon, int iterations) {
        NDArray q1 = SinkhornKnopp.codes(p1, epsilon, iterations);
        NDArray q2 = SinkhornKnopp.codes(p2, epsilon, iterations);
        return swapped(p1, p2, q1, q2, temperature);
    }
}
