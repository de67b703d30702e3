package org.coopt.workbench.ssl.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;

/**
 * NT-Xent, SimCLR's loss (Chen et al. 2020, Eq. 1; METHOD.md §6: T = 0.2), as solo-learn's
 * {@code simclr_loss_func} with two views.
 *
 * <pre>
 *   u = normalize([z₁; z₂]) ∈ R^{2B×d},  s_ij = ⟨u_i, u_j⟩ / T,  pos(i) = i ± B (the other view)
 *   L = (1/2B) Σ_{i=1}^{2B} [ −s_{i,pos(i)} + log Σ_{k≠i} exp(s_ik) ]
 * </pre>
 * Symmetric by construction: every sample of both views is an anchor once.
 */
public final class NtXentLoss {
    /** SimCLR temperature used by the workbench (METHOD.md §6). */
    public static final float DEFAULT_TEMPERATURE = 0.2f;

    private NtXentLoss() {}

    public static NDArray loss(NDArray z1, NDArray z2, float temperature) {
        int b = Math.toIntExact(z1.getShape().get(0));
        NDArray u = Ops.normalize(NDArrays.concat(new ai.djl.ndarray.NDList(z1, z2), 0));
        NDArray s = u.matMul(u.transpose()).div(temperature).add(Ops.diagonalMask(u, 2 * b));
        NDArray u1 = u.get("0:" + b);
        NDArray u2 = u.get(b + ":");
        NDArray pos = u1.mul(u2).sum(new int[] {1}).div(temperature);
        NDArray positives = NDArrays.concat(new ai.djl.ndarray.NDList(pos, pos), 0);
        return Ops.logSumExp(s).sub(positives).mean();
    }
}
