package org.coopt.workbench.ssl.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;

/**
 * MoCo v2 InfoNCE with a queue of negatives (He et al. 2020, Eq. 1; METHOD.md §6: T = 0.2), as
 * solo-learn's {@code mocov2plus_loss_func}.
 *
 * <pre>
 *   q = normalize(query), k = sg(normalize(key)), Q = queue (K×d, rows L2-normalised keys of past batches)
 *   ℓ(q, k, Q) = (1/B) Σ_i [ −log( exp(⟨q_i,k_i⟩/T) / ( exp(⟨q_i,k_i⟩/T) + Σ_j exp(⟨q_i,Q_j⟩/T) ) ) ]
 *   L = ½ ℓ(q₁, k₂, Q₂) + ½ ℓ(q₂, k₁, Q₁)        (symmetric; Q_v holds past keys of view v)
 * </pre>
 * q comes from the online network, k from the momentum network; neither keys nor queue get gradients.
 */
public final class MoCoLoss {
    public static final float DEFAULT_TEMPERATURE = 0.2f;

    private MoCoLoss() {}

    /** ℓ(q, k, Q) for one direction. {@code queue} is [K, d]. */
    public static NDArray loss(NDArray query, NDArray key, NDArray queue, float temperature) {
        NDArray q = Ops.normalize(query);
        NDArray k = Ops.normalize(key.stopGradient());
        NDArray pos = q.mul(k).sum(new int[] {1}, true);
        NDArray neg = q.matMul(Ops.detached(queue, q).transpose());
        NDArray logits = NDArrays.concat(new NDList(pos, neg), 1).div(temperature);
        return Ops.logSumExp(logits).sub(pos.squeeze(1).div(temperature)).mean();
    }

    /** ½ ℓ(q₁, k₂, Q₂) + ½ ℓ(q₂, k₁, Q₁). */
    public static NDArray symmetric(NDArray q1, NDArray q2, NDArray k1, NDArray k2,
                                    NDArray queue1, NDArray queue2, float temperature) {
        return loss(q1, k2, queue2, temperature).add(loss(q2, k1, queue1, temperature)).mul(0.5f);
    }
}
