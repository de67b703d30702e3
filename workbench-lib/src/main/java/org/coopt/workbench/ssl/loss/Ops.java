package org.coopt.workbench.ssl.loss;

import ai.djl.ndarray.NDArray;

/** Small NDArray helpers shared by the SSL losses (batch-wise, no per-element Java loops). */
public final class Ops {
    /** Added to logits that must not count (a softmax over them gives exactly 0 in float32). */
    static final float MASKED = -1e9f;

    private Ops() {}

    /** Row-wise L2 normalisation: x_i / max(‖x_i‖₂, 1e-12), as {@code F.normalize(x, dim=1)}. */
    public static NDArray normalize(NDArray x) {
        return x.div(x.norm(new int[] {1}, true).maximum(1e-12f));
    }

    /** Row-wise cosine similarity ⟨a_i, b_i⟩ / (‖a_i‖‖b_i‖), shape [B]. */
    public static NDArray cosine(NDArray a, NDArray b) {
        return normalize(a).mul(normalize(b)).sum(new int[] {1});
    }

    /**
     * Row-wise log Σ_j exp(x_ij), computed stably as m_i + log Σ_j exp(x_ij − m_i) with m_i = max_j x_ij
     * (m is detached: the result and its gradient do not depend on it).
     */
    public static NDArray logSumExp(NDArray x) {
        NDArray m = x.max(new int[] {1}, true).stopGradient();
        return x.sub(m).exp().sum(new int[] {1}).log().add(m.squeeze(1));
    }

    /**
     * {@code x} without gradient (sg(x)), owned by {@code owner}'s manager. DJL creates an operation's
     * result on its input's manager, so {@code x.stopGradient()} of a long-lived array (MoCo's queue,
     * DINO's centre) would otherwise add one array per step to that long-lived manager until training ends.
     */
    public static NDArray detached(NDArray x, NDArray owner) {
        NDArray d = x.stopGradient();
        d.attach(owner.getManager());
        return d;
    }

    /** An additive mask [n, n]: {@link #MASKED} on the diagonal, 0 elsewhere. */
    static NDArray diagonalMask(NDArray like, int n) {
        return like.getManager().eye(n).mul(MASKED);
    }
}
