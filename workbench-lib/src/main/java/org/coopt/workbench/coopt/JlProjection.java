package org.coopt.workbench.coopt;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.coopt.workbench.util.UserInputException;
import org.coopt.workbench.io.FloatWriter;
import org.coopt.workbench.io.MappedNpy;
import org.coopt.workbench.io.Npy;

/**
 * Johnson–Lindenstrauss projection of a prior's features to the common target dimension d
 * (METHOD.md §1, paper Sec. 3.2 step 2): a target is {@code y = P f(x)}, written here for row vectors as
 * {@code Y = F Pᵀ} with the m×d matrix {@code Pᵀ} stored as {@link #matrix}.
 *
 * <p><b>(decision)</b> P has i.i.d. entries N(0, 1/d), drawn from {@code seed} (recorded in the manifest),
 * so E‖Pf‖² = ‖f‖² and, for n points and d ≥ 8·ln(n)/ε², all pairwise distances are kept within a factor
 * (1 ± ε) with high probability. The entries come from {@link SplittableRandom} (Box–Muller), so the same
 * seed gives the same matrix on every machine and engine.
 *
 * @param inputDim  m, the prior's feature dimension
 * @param outputDim d, the target dimension (default 128)
 * @param seed      seed of P
 */
public record JlProjection(int inputDim, int outputDim, long seed) {
    public static final int DEFAULT_DIM = 128;
    /**
     * Rows per matrix product when a file is projected <b>(decision)</b>: a fixed count (a multiple of the feature
     * batch), so that a run cut into chunks of a multiple of it (the scale-out module's Spark tasks) multiplies the
     * very same row blocks and writes bit-identical targets; at most 4096·m floats are held at once.
     */
    public static final int BLOCK_ROWS = 4096;

    public JlProjection {
        if (inputDim < 1 || outputDim < 1) {
            throw new UserInputException("projection dimensions must be >= 1, got " + inputDim + " -> " + outputDim);
        }
    }

    /**
     * Refuses d &gt; m, for the {@code project} command where it is a user error. The platform allows it
     * <b>(decision)</b>: a prior with fewer features than d (e.g. the human prior's C one-hot classes) is then
     * randomly embedded in R^d, which keeps its distances in expectation as well.
     */
    public JlProjection requireReduction() {
        if (outputDim > inputDim) {
            throw new UserInputException("target dimension d = " + outputDim + " is larger than the feature dimension "
                    + inputDim + "; choose --dim <= " + inputDim);
        }
        return this;
    }

    /** The m×d matrix Pᵀ as row-major floats, entries N(0, 1/d). */
    public float[] values() {
        SplittableRandom r = new SplittableRandom(seed);
        float[] p = new float[inputDim * outputDim];
        double sd = 1.0 / Math.sqrt(outputDim);
        for (int i = 0; i < p.length; i += 2) {
            // Box–Muller: two independent standard normals from two uniforms
            double u1 = 1.0 - r.nextDouble();
            double u2 = r.nextDouble();
            double rad = Math.sqrt(-2 * Math.log(u1));
            p[i] = (float) (sd * rad * Math.cos(2 * Math.PI * u2));
            if (i + 1 < p.length) {
                p[i + 1] = (float) (sd * rad * Math.sin(2 * Math.PI * u2));
            }
        }
        return p;
    }

    /** Pᵀ as an (m, d) NDArray owned by {@code manager}. */
    public NDArray matrix(NDManager manager) {
        return manager.create(values(), new Shape(inputDim, outputDim));
    }

    /** Targets {@code Y = F Pᵀ} for a batch of features F (B×m); the result belongs to F's manager. */
    public NDArray apply(NDArray features) {
        if (features.getShape().dimension() != 2 || features.getShape().get(1) != inputDim) {
            throw new UserInputException("features have shape " + features.getShape() + ", expected (N, " + inputDim + ")");
        }
        NDArray p = matrix(features.getManager());
        return features.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).matMul(p);
    }

    /** Projects a features file to a targets file block by block (neither is held whole in memory). */
    public Targets apply(Path features, Path targets, NDManager manager) throws IOException {
        try (MappedNpy f = Npy.mapMatrix(features, "features");
             FloatWriter w = Npy.floatWriter(targets, outputDim);
             NDManager scope = manager.newSubManager()) {
            if (f.cols() != inputDim) {
                throw new UserInputException(features + " has " + f.cols() + " columns, the projection expects " + inputDim);
            }
            NDArray p = matrix(scope);
            int block = BLOCK_ROWS;
            for (long from = 0; from < f.rows(); from += block) {
                int n = (int) Math.min(block, f.rows() - from);
                try (NDManager b = scope.newSubManager()) {
                    w.append(f.rows(b, from, n).matMul(p));
                }
            }
            long rows = w.rows();
            w.finish();
            return new Targets(targets, rows, outputDim, inputDim, seed);
        }
    }
}
