package org.coopt.workbench.train;

import ai.djl.ndarray.NDArray;

/** Loss functions as pure functions of NDArrays (after solo-learn's {@code losses/}). */
public final class Losses {
    /** Norms below this count as this (as {@code torch.nn.functional.cosine_similarity}'s eps). */
    public static final float COSINE_EPS = 1e-8f;

    private Losses() {}

    /**
     * Row-wise cosine similarity {@code cos(a_i, b_i) = ⟨a_i, b_i⟩ / (max(‖a_i‖, ε)·max(‖b_i‖, ε))}.
     *
     * @param a [B, d]
     * @param b [B, d]
     * @return [B]
     */
    public static NDArray cosine(NDArray a, NDArray b) {
        NDArray dot = a.mul(b).sum(new int[] {1});
        NDArray na = a.square().sum(new int[] {1}).sqrt().maximum(COSINE_EPS);
        NDArray nb = b.square().sum(new int[] {1}).sqrt().maximum(COSINE_EPS);
        return dot.div(na.mul(nb));
    }

    /**
     * The CoOpt / RELA student loss (METHOD.md §5), averaged over the batch:
     * {@code L = ½[(1 − cos(ŷ(x1), y)) + (1 − cos(ŷ(x2), y))]}.
     *
     * @param pred1 ŷ(x1) [B, d]
     * @param pred2 ŷ(x2) [B, d]
     * @param target y [B, d]
     * @return scalar
     */
    public static NDArray twoViewCosine(NDArray pred1, NDArray pred2, NDArray target) {
        NDArray c1 = cosine(pred1, target).neg().add(1);
        NDArray c2 = cosine(pred2, target).neg().add(1);
        return c1.add(c2).mul(0.5f).mean();
    }

    /**
     * Mean cross-entropy {@code −(1/B) Σ_i log softmax(z_i)[y_i]}.
     *
     * @param logits [B, K]
     * @param labels int64 [B] in 0..K−1
     * @return scalar
     */
    public static NDArray crossEntropy(NDArray logits, NDArray labels) {
        long k = logits.getShape().get(1);
        NDArray oneHot = labels.oneHot((int) k, logits.getDataType());
        return logits.logSoftmax(1).mul(oneHot).sum(new int[] {1}).neg().mean();
    }
}
