package org.coopt.workbench.coopt;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

/**
 * Gradient solver of Eq. 4 ("optimizes a lightweight matrix", paper Sec. 3.2): Adam on the same objective
 * as {@link RidgeAligner},
 * <pre>
 *   L(T) = (1/n)(‖Y T − Y_b‖²_F + λ‖T‖²_F),   ∇L = (2/n)(YᵀY T − YᵀY_b + λ T)
 * </pre>
 * with the analytic gradient (the objective is quadratic, so no autograd is needed), T₀ = 0, Adam
 * (β₁ 0.9, β₂ 0.999, ε 1e-8) and a cosine learning-rate decay from {@code lr} to 0 over {@code steps}.
 * Both solvers agree on well-posed problems (tested).
 *
 * @param lambda   absolute λ ≥ 0; empty means relative·trace(YᵀY)/d as for ridge
 * @param relative relative λ factor (1e-3)
 * @param lr       initial Adam learning rate (1e-2)
 * @param steps    Adam steps (3000)
 */
public record GradientAligner(java.util.OptionalDouble lambda, double relative, double lr, int steps) implements Aligner {
    public GradientAligner() {
        this(java.util.OptionalDouble.empty(), RidgeAligner.DEFAULT_RELATIVE, 1e-2, 3000);
    }

    /** An absolute λ ≥ 0. */
    public GradientAligner(double lambda, double relative, double lr, int steps) {
        this(java.util.OptionalDouble.of(lambda), relative, lr, steps);
    }

    public GradientAligner {
        if (lambda == null || !(relative >= 0) || !(lr > 0) || steps < 1) {
            throw new IllegalArgumentException("gradient aligner needs λ given or empty, relative >= 0, lr > 0, steps >= 1");
        }
        lambda.ifPresent(l -> Aligner.checkLambda(l, "gradient aligner λ"));
    }

    @Override
    public String name() {
        return "gradient";
    }

    /** Adam on the Eq. 4 objective from T = 0, {@link #steps} steps, cosine-decayed rate. */
    @Override
    public NDArray solve(NDArray y, NDArray yb, double lam, NDManager scope) {
        double n = y.getShape().get(0);
        int d = (int) y.getShape().get(1);
        NDArray a = y.transpose().matMul(y).mul(2.0 / n);
        NDArray b = y.transpose().matMul(yb).mul(2.0 / n);
        NDArray t = scope.zeros(new ai.djl.ndarray.types.Shape(d, d), DataType.FLOAT64);
        NDArray m = t.zerosLike();
        NDArray v = t.zerosLike();
        double b1 = 0.9;
        double b2 = 0.999;
        for (int k = 1; k <= steps; k++) {
            try (NDManager step = scope.newSubManager()) {
                // old iterates die with the step; a and b only visit it, so every intermediate lives in step
                t.attach(step);
                m.attach(step);
                v.attach(step);
                a.tempAttach(step);
                b.tempAttach(step);
                NDArray g = a.matMul(t).sub(b).add(t.mul(2.0 * lam / n));
                NDArray m2 = m.mul(b1).add(g.mul(1 - b1));
                NDArray v2 = v.mul(b2).add(g.square().mul(1 - b2));
                double rate = lr * 0.5 * (1 + Math.cos(Math.PI * (k - 1) / steps));
                NDArray mh = m2.div(1 - Math.pow(b1, k));
                NDArray vh = v2.div(1 - Math.pow(b2, k));
                NDArray t2 = t.sub(mh.div(vh.sqrt().add(1e-8)).mul(rate));
                t2.attach(scope);
                m2.attach(scope);
                v2.attach(scope);
                t = t2;
                m = m2;
                v = v2;
            }
        }
        return t;
    }
}
