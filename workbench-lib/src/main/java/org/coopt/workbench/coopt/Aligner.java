package org.coopt.workbench.coopt;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

/**
 * Learns the alignment matrix of paper Eq. 4 (METHOD.md §4) on the shared set S:
 * <pre>
 *   T_k = argmin_T  (1/|S|) · ( ‖Y_k T − Y_b‖²_F + λ‖T‖²_F ),    λ = 1e-3 · trace(Y_kᵀY_k) / d  (default)
 * </pre>
 * where Y_k (|S|×d) are participant k's targets on S and Y_b the reference (best prior's) targets.
 * <b>(decision)</b> The factor 1/|S| scales the whole objective (data term and penalty), so its minimiser is
 * METHOD.md's closed form T = (Y_kᵀY_k + λI)⁻¹ Y_kᵀY_b; λ is relative to the data scale so one default
 * suits any prior. A participant then replaces its targets Y_k by Y_k T_k.
 */
public interface Aligner {
    /** Registry name ("ridge", "gradient"). */
    String name();

    /** Absolute λ, or empty to use {@link #relative()} · trace(YᵀY)/d. */
    java.util.OptionalDouble lambda();

    /** The relative λ factor (1e-3) used when {@link #lambda()} is empty. */
    double relative();

    /**
     * The solver proper: T (d×d, float64, attached to {@code scope}) from float64 Y_k and Y_b already in
     * {@code scope}, with λ resolved.
     */
    NDArray solve(NDArray y, NDArray yb, double lambda, NDManager scope);

    /** T (d×d, float32) from source targets Y_k (n×d) and reference targets Y_b (n×d) on the shared set. */
    default NDArray fit(NDArray source, NDArray reference) {
        Alignment.checkPair(source, reference);
        checkSource(source);
        lambda().ifPresent(l -> checkLambda(l, "alignment λ"));
        NDManager owner = source.getManager();
        try (NDManager scope = owner.newSubManager()) {
            NDArray y = source.toType(DataType.FLOAT64, true);
            y.attach(scope);
            NDArray yb = reference.toType(DataType.FLOAT64, true);
            yb.attach(scope);
            NDArray t = solve(y, yb, Aligner.lambda(y, lambda(), relative()), scope).toType(DataType.FLOAT32, true);
            t.attach(owner);
            return t;
        }
    }

    /**
     * Checks a given λ: a finite λ ≥ 0; anything else (NaN, ±∞, any negative) is a user error naming {@code what},
     * instead of an all-NaN matrix or a silent default later. The relative default is no value of λ: it is the
     * absence of one ({@link java.util.OptionalDouble#empty()}, a JSON field left out, an option not given), so no
     * number a user types can select it.
     */
    static double checkLambda(double lambda, String what) {
        if (Double.isFinite(lambda) && lambda >= 0) {
            return lambda;
        }
        throw new org.coopt.workbench.util.UserInputException(what + " must be a finite λ >= 0 (or omitted for the "
                + "relative default 1e-3·trace(YᵀY)/d), got " + lambda);
    }

    /**
     * The alignment is well posed only if the source targets on S are not all zero: with Y_k = 0 the data term is
     * constant and T = 0 (ridge) carries no information. Refused with a user error.
     */
    static void checkSource(NDArray source) {
        double norm = source.toType(DataType.FLOAT64, false).square().sum().getDouble();
        if (!(norm > 0) || !Double.isFinite(norm)) {
            throw new org.coopt.workbench.util.UserInputException("alignment source targets are "
                    + (norm == 0 ? "all zero" : "not finite") + " (‖Y_k‖² = " + norm + "); a prior whose shared-set "
                    + "targets are " + (norm == 0 ? "zero carries no information to align" : "NaN/∞ is broken"));
        }
    }

    /** λ: {@code lambda} if it is given, else {@code relative · trace(YᵀY)/d} computed from {@code source}. */
    static double lambda(NDArray source, java.util.OptionalDouble lambda, double relative) {
        if (lambda.isPresent()) {
            return lambda.getAsDouble();
        }
        double trace = source.toType(ai.djl.ndarray.types.DataType.FLOAT64, false).square().sum().getDouble();
        return relative * trace / source.getShape().get(1);
    }

    /** The objective value (1/|S|)(‖Y T − Y_b‖²_F + λ‖T‖²_F), for checks and logs. */
    static double loss(NDArray source, NDArray reference, NDArray t, double lambda) {
        double n = source.getShape().get(0);
        double fit = source.matMul(t).sub(reference).toType(ai.djl.ndarray.types.DataType.FLOAT64, false)
                .square().sum().getDouble();
        double pen = t.toType(ai.djl.ndarray.types.DataType.FLOAT64, false).square().sum().getDouble();
        return (fit + lambda * pen) / n;
    }
}
