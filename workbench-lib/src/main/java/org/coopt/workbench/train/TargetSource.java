package org.coopt.workbench.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/** Per-sample target vectors (optimized data), looked up by dataset index. */
public interface TargetSource {
    int size();

    int dim();

    /** Rows {@code indices} as float32 [B, dim] on {@code manager}. */
    NDArray rows(NDManager manager, int[] indices);

    /** Targets held in memory, row-major N×d. */
    static TargetSource inMemory(float[][] targets) {
        if (targets.length == 0) {
            throw new IllegalArgumentException("no targets");
        }
        int d = targets[0].length;
        for (float[] t : targets) {
            if (t.length != d) {
                throw new IllegalArgumentException("targets must all have dimension " + d + ", found " + t.length);
            }
        }
        return new TargetSource() {
            @Override
            public int size() {
                return targets.length;
            }

            @Override
            public int dim() {
                return d;
            }

            @Override
            public NDArray rows(NDManager manager, int[] indices) {
                float[] flat = new float[indices.length * d];
                for (int i = 0; i < indices.length; i++) {
                    System.arraycopy(targets[indices[i]], 0, flat, i * d, d);
                }
                return manager.create(flat, new Shape(indices.length, d));
            }
        };
    }
}
