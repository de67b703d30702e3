package org.coopt.workbench.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.Locale;
import org.coopt.workbench.data.ImageDataset;
import org.coopt.workbench.engine.Engines;
import org.coopt.workbench.nn.Inference;
import org.coopt.workbench.util.Log;

/**
 * FeatureMatrix of a frozen backbone on un-augmented, normalised images, in eval mode (batch norm uses its
 * running statistics), batch by batch, each batch in its own sub-manager (METHOD.md §1 and §7).
 */
public final class BlockFeatures {
    private BlockFeatures() {}

    /** Default batch size of feature extraction. */
    public static final int BATCH = 256;

    public static FeatureMatrix extract(Block backbone, ImageDataset data) {
        return extract(backbone, data, BATCH);
    }

    public static FeatureMatrix extract(Block backbone, ImageDataset data, int batchSize) {
        try (NDManager manager = Engines.get().newBaseManager(Engines.device())) {
            ParameterStore ps = new ParameterStore(manager, false);
            return extract((sm, idx) -> Inference.forward(backbone, ps, data.batch(sm, idx)), data, batchSize);
        }
    }

    /** Features of one batch: samples {@code indices} of the data set, as an NDArray owned by {@code batchManager}. */
    @FunctionalInterface
    public interface BatchFeatures {
        NDArray apply(NDManager batchManager, int[] indices);
    }

    /**
     * FeatureMatrix of any frozen feature function (e.g. a prior model's {@code extract}), batch by batch, each
     * batch in its own sub-manager; outputs with more than two dimensions are flattened to (B, m).
     */
    public static FeatureMatrix extract(BatchFeatures features, ImageDataset data, int batchSize) {
        int n = data.size();
        float[] out = null;
        int dim = -1;
        long t0 = System.nanoTime();
        try (Engines.Scope fast = Engines.inference();
             NDManager manager = Engines.get().newBaseManager(Engines.device())) {
            for (int from = 0; from < n; from += batchSize) {
                org.coopt.workbench.util.Interrupts.check("feature extraction of " + data.name());
                int to = Math.min(n, from + batchSize);
                int[] idx = new int[to - from];
                for (int i = 0; i < idx.length; i++) {
                    idx[i] = from + i;
                }
                try (NDManager sm = manager.newSubManager()) {
                    NDArray f = features.apply(sm, idx);
                    if (f.getShape().dimension() != 2) {
                        f = f.reshape(idx.length, -1);
                    }
                    float[] chunk = f.toFloatArray();
                    if (out == null) {
                        dim = (int) f.getShape().get(1);
                        out = new float[Math.multiplyExact(n, dim)];
                    }
                    System.arraycopy(chunk, 0, out, from * dim, chunk.length);
                }
            }
        }
        double s = (System.nanoTime() - t0) / 1e9;
        if (s > 5) {
            Log.infof("[features] %s: %d images in %.1f s (%.0f img/s)", data.name(), n, s, n / s);
        }
        if (out == null) {
            throw new IllegalArgumentException("data set " + data.name() + " is empty");
        }
        return new FeatureMatrix(n, dim, out);
    }

    /** Labels of every sample as an int array (−1 where unlabelled). */
    public static int[] labels(ImageDataset data) {
        int[] y = new int[data.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = data.label(i);
        }
        return y;
    }
}
