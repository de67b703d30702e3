package org.coopt.workbench.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * A feature matrix, n rows of dimension dim, row-major in one float array (kept on the Java heap so
 * that features can be cached, written as .npy and reused without a live NDManager).
 */
public record FeatureMatrix(int n, int dim, float[] values) {
    public FeatureMatrix {
        if (n < 0 || dim < 1 || values == null || values.length != (long) n * dim) {
            throw new IllegalArgumentException("features must hold n×dim = " + n + "×" + dim + " values, got "
                    + (values == null ? "null" : values.length));
        }
    }

    public float get(int i, int j) {
        return values[i * dim + j];
    }

    /** Rows {@code indices} as float32 [B, dim] on {@code manager}. */
    public NDArray rows(NDManager manager, int[] indices) {
        float[] out = new float[indices.length * dim];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(values, indices[i] * dim, out, i * dim, dim);
        }
        return manager.create(out, new Shape(indices.length, dim));
    }

    /** Rows [from, to) as float32 [to − from, dim]. */
    public NDArray range(NDManager manager, int from, int to) {
        float[] out = new float[(to - from) * dim];
        System.arraycopy(values, from * dim, out, 0, out.length);
        return manager.create(out, new Shape(to - from, dim));
    }

    /** All rows as float32 [n, dim]. */
    public NDArray toNDArray(NDManager manager) {
        return manager.create(values, new Shape(n, dim));
    }
}
