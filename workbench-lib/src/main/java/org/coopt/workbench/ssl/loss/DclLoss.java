package org.coopt.workbench.ssl.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;

/**
 * Decoupled contrastive loss (Yeh et al. 2022, Eq. 6; METHOD.md §6: T = 0.1), as lightly's
 * {@code DCLLoss} without weighting: NT-Xent with the positive removed from the denominator.
 *
 * <pre>
 *   u⁰ = normalize(z⁰), u¹ = normalize(z¹), s(a, b) = ⟨a, b⟩
 *   ℓ(z⁰, z¹) = (1/B) Σ_i [ −s(u⁰_i, u¹_i)/T + log Σ_{j≠i} ( exp(s(u⁰_i, u⁰_j)/T) + exp(s(u⁰_i, u¹_j)/T) ) ]
 *   L = ½ ℓ(z⁰, z¹) + ½ ℓ(z¹, z⁰)
 * </pre>
 */
public final class DclLoss {
    public static final float DEFAULT_TEMPERATURE = 0.1f;

    private DclLoss() {}

    /** ℓ(z⁰, z¹): anchors from view 0. */
    public static NDArray loss(NDArray z0, NDArray z1, float temperature) {
        int b = Math.toIntExact(z0.getShape().get(0));
        NDArray u0 = Ops.normalize(z0);
        NDArray u1 = Ops.normalize(z1);
        NDArray cross = u0.matMul(u1.transpose()).div(temperature);
        NDArray self = u0.matMul(u0.transpose()).div(temperature);
        NDArray mask = Ops.diagonalMask(u0, b);
        NDArray negatives = NDArrays.concat(new NDList(self.add(mask), cross.add(mask)), 1);
        NDArray positive = u0.mul(u1).sum(new int[] {1}).div(temperature);
        return Ops.logSumExp(negatives).sub(positive).mean();
    }

    /** ½ ℓ(z⁰, z¹) + ½ ℓ(z¹, z⁰). */
    public static NDArray symmetric(NDArray z0, NDArray z1, float temperature) {
        return loss(z0, z1, temperature).add(loss(z1, z0, temperature)).mul(0.5f);
    }
}
