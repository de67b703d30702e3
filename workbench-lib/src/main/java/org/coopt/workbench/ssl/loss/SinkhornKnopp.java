package org.coopt.workbench.ssl.loss;

import ai.djl.ndarray.NDArray;

/**
 * Sinkhorn-Knopp equipartition of SwAV (Caron et al. 2020, Sec. 3.1 and Alg. 1; METHOD.md §6:
 * ε = 0.05, 3 iterations), as solo-learn's {@code SinkhornKnopp} on one process.
 *
 * <pre>
 *   Q = exp(Sᵀ/ε) ∈ R^{K×B},  Q ← Q / Σ Q
 *   repeat n times:  Q ← Q / rowsums(Q) / K      (each prototype gets mass 1/K)
 *                    Q ← Q / colsums(Q) / B      (each sample gets mass 1/B)
 *   return B · Qᵀ                                 (each sample's code sums to 1)
 * </pre>
 * S = scores B×K (normalised features · normalised prototypes). Output marginals: every row (sample)
 * of the result sums to exactly 1; every column (prototype) sums to B/K after enough iterations
 * (with 3 iterations, approximately). The input is detached: codes never carry gradient.
 * <p>The scores are shifted by their maximum before the exponential (a constant factor that the
 * first normalisation removes) so that ε = 0.05 cannot overflow float32.
 */
public final class SinkhornKnopp {
    public static final float DEFAULT_EPSILON = 0.05f;
    public static final int DEFAULT_ITERATIONS = 3;

    private SinkhornKnopp() {}

    public static NDArray codes(NDArray scores, float epsilon, int iterations) {
        if (epsilon <= 0 || iterations < 1) {
            throw new IllegalArgumentException("Sinkhorn-Knopp needs epsilon > 0 and iterations >= 1, got "
                    + epsilon + ", " + iterations);
        }
        NDArray s = scores.stopGradient();
        long b = s.getShape().get(0);
        long k = s.getShape().get(1);
        NDArray q = s.sub(s.max()).div(epsilon).exp().transpose();
        q = q.div(q.sum());
        for (int it = 0; it < iterations; it++) {
            q = q.div(q.sum(new int[] {1}, true)).div(k);
            q = q.div(q.sum(new int[] {0}, true)).div(b);
        }
        return q.mul(b).transpose();
    }
}
