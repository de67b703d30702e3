package org.coopt.workbench.coopt;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

/**
 * Closed-form ridge solution of Eq. 4, the default solver <b>(decision, METHOD.md §4)</b>:
 * <pre>  T = (YᵀY + λI)⁻¹ YᵀY_b,   λ = 1e-3 · trace(YᵀY)/d  unless given</pre>
 * computed in float64 (d×d systems, d = 128 by default) and returned as float32.
 *
 * @param lambda   absolute λ ≥ 0; empty means "use {@code relative}·trace(YᵀY)/d"
 * @param relative relative λ factor (1e-3)
 */
public record RidgeAligner(java.util.OptionalDouble lambda, double relative) implements Aligner {
    public static final double DEFAULT_RELATIVE = 1e-3;

    public RidgeAligner() {
        this(java.util.OptionalDouble.empty(), DEFAULT_RELATIVE);
    }

    /** An absolute λ ≥ 0. */
    public RidgeAligner(double lambda, double relative) {
        this(java.util.OptionalDouble.of(lambda), relative);
    }

    /** The registry name of the ridge solver (the default). */
    public static final String NAME = "ridge";

    public RidgeAligner {
        if (lambda == null || !(relative >= 0)) {
            throw new IllegalArgumentException("ridge λ must be given or empty, and the relative factor >= 0");
        }
        lambda.ifPresent(l -> Aligner.checkLambda(l, "ridge λ"));
    }

    @Override
    public String name() {
        return NAME;
    }

    /** T = (YᵀY + λI)⁻¹ YᵀY_b. */
    @Override
    public NDArray solve(NDArray y, NDArray yb, double lam, NDManager scope) {
        int d = (int) y.getShape().get(1);
        NDArray yt = y.transpose();
        NDArray gram = yt.matMul(y).add(scope.eye(d, d, 0, DataType.FLOAT64).mul(lam));
        NDArray inv;
        try {
            inv = gram.inverse();
        } catch (ai.djl.engine.EngineException e) {
            throw new org.coopt.workbench.util.UserInputException("the alignment system YᵀY + λI (λ = " + lam
                    + ") is singular: the source targets on S span fewer than d = " + d + " dimensions; use λ > 0");
        }
        NDArray t = inv.matMul(yt.matMul(yb));
        if (!Double.isFinite(t.abs().max().getDouble())) {
            throw new org.coopt.workbench.util.UserInputException("the alignment matrix is not finite (λ = " + lam
                    + "): YᵀY + λI is numerically singular; use a larger λ");
        }
        return t;
    }
}
