package org.coopt.workbench.eval;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.Random;
import org.coopt.workbench.engine.Engines;
import org.coopt.workbench.train.Losses;

/**
 * The linear-evaluation protocol of METHOD.md §7 (RELA {@code metrics/lineareval.py}): on frozen
 * features (computed once, without augmentation), train one linear layer z = xW + b with Adam
 * (lr 3e-4, no weight decay) on the mean cross-entropy, batch 128, for E epochs; after every epoch
 * measure the test accuracy; report mean ± std over the last 3 epochs (never the best epoch).
 *
 * <p>W is initialised as {@code torch.nn.Linear}: U(−1/√D, 1/√D), from the settings' seed. FeatureMatrix are
 * used as given (no standardisation) <b>(decision: "one linear layer on the features")</b>.
 */
public final class LinearProbe {
    private static final int EVAL_CHUNK = 4096;

    private LinearProbe() {}

    public static ProbeResult fit(FeatureMatrix train, int[] trainLabels, FeatureMatrix test, int[] testLabels,
                                  ProbeSettings settings) {
        if (train.n() != trainLabels.length || test.n() != testLabels.length) {
            throw new IllegalArgumentException("features and labels differ in length: train " + train.n() + " vs "
                    + trainLabels.length + ", test " + test.n() + " vs " + testLabels.length);
        }
        if (train.dim() != test.dim()) {
            throw new IllegalArgumentException("train features have dimension " + train.dim() + ", test " + test.dim());
        }
        int k = 0;
        for (int y : trainLabels) {
            if (y < 0) {
                throw new IllegalArgumentException("the probe needs labels; found label " + y);
            }
            k = Math.max(k, y + 1);
        }
        for (int y : testLabels) {
            if (y < 0) {
                throw new IllegalArgumentException("the probe needs test labels; found label " + y);
            }
            k = Math.max(k, y + 1);
        }
        k = Math.max(k, 2);
        int d = train.dim();
        long t0 = System.nanoTime();
        Random random = new Random(settings.seed());
        Engine engine = Engines.get();
        double[] accs = new double[settings.epochs()];
        double trainAcc;
        try (NDManager manager = engine.newBaseManager(Engines.device())) {
            float bound = (float) (1 / Math.sqrt(d));
            float[] w0 = new float[d * k];
            for (int i = 0; i < w0.length; i++) {
                w0[i] = (random.nextFloat() * 2 - 1) * bound;
            }
            float[] b0 = new float[k];
            for (int i = 0; i < k; i++) {
                b0[i] = (random.nextFloat() * 2 - 1) * bound;
            }
            NDArray w = manager.create(w0, new Shape(d, k));
            NDArray b = manager.create(b0, new Shape(k));
            w.setRequiresGradient(true);
            b.setRequiresGradient(true);
            Optimizer adam = Optimizer.adam().optLearningRateTracker(Tracker.fixed((float) settings.learningRate()))
                    .build();
            int n = train.n();
            int[] order = new int[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            long[] labelsLong = new long[n];
            for (int epoch = 0; epoch < settings.epochs(); epoch++) {
                for (int i = n - 1; i > 0; i--) {
                    int j = random.nextInt(i + 1);
                    int t = order[i];
                    order[i] = order[j];
                    order[j] = t;
                }
                for (int from = 0; from < n; from += settings.batchSize()) {
                    int to = Math.min(n, from + settings.batchSize());
                    int[] idx = java.util.Arrays.copyOfRange(order, from, to);
                    try (NDManager sm = manager.newSubManager()) {
                        for (int i = 0; i < idx.length; i++) {
                            labelsLong[i] = trainLabels[idx[i]];
                        }
                        NDArray x = train.rows(sm, idx);
                        NDArray y = sm.create(java.util.Arrays.copyOf(labelsLong, idx.length));
                        try (GradientCollector gc = engine.newGradientCollector()) {
                            NDArray loss = Losses.crossEntropy(x.matMul(w).add(b), y);
                            gc.backward(loss);
                        }
                        try (NDArray gw = w.getGradient(); NDArray gb = b.getGradient()) {
                            adam.update("w", w, gw);
                            adam.update("b", b, gb);
                        }
                    }
                }
                accs[epoch] = accuracy(test, testLabels, w, b, manager);
            }
            trainAcc = accuracy(train, trainLabels, w, b, manager);
        }
        int last = Math.min(settings.lastEpochs(), settings.epochs());
        double mean = 0;
        for (int i = accs.length - last; i < accs.length; i++) {
            mean += accs[i];
        }
        mean /= last;
        double var = 0;
        for (int i = accs.length - last; i < accs.length; i++) {
            var += (accs[i] - mean) * (accs[i] - mean);
        }
        return new ProbeResult(mean, Math.sqrt(var / last), accs, trainAcc, (System.nanoTime() - t0) / 1e9, settings);
    }

    /** Fraction of rows whose argmax of xW + b equals the label. */
    static double accuracy(FeatureMatrix f, int[] labels, NDArray w, NDArray b, NDManager manager) {
        long correct = 0;
        for (int from = 0; from < f.n(); from += EVAL_CHUNK) {
            int to = Math.min(f.n(), from + EVAL_CHUNK);
            try (NDManager sm = manager.newSubManager()) {
                NDArray pred = f.range(sm, from, to).matMul(w).add(b).argMax(1).toType(DataType.INT64, false);
                long[] p = pred.toLongArray();
                for (int i = 0; i < p.length; i++) {
                    if (p[i] == labels[from + i]) {
                        correct++;
                    }
                }
            }
        }
        return (double) correct / f.n();
    }
}
