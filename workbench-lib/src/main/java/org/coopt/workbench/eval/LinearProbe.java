package org.coopt.workbench.eval;

import org.coopt.workbench.util.Shuffle;
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
 * (lr {@link ProbeSettings#LEARNING_RATE}, no weight decay) on the mean cross-entropy, batch 128; after every
 * epoch measure the test
 * accuracy; report mean ± std over the last 3 epochs run (never the best epoch).
 *
 * <p><b>(decision, METHOD.md §7)</b> Features are z-scored with the probe-train split's per-feature mean
 * and std ({@link Standardizer}; test features with the same statistics) before the linear layer: without
 * it the result depends on the features' scale and the probe under-fits at CPU budgets.
 *
 * <p><b>(decision, METHOD.md §7)</b> The probe trains until its loss plateaus: after epoch e (e ≥ P, P =
 * {@code patience}) it stops when {@code L(e−P) − L(e) < tolerance · L(e−P)}, L the epoch's mean training
 * loss, or at {@code epochs} at the latest. The result carries the final train accuracy and loss and whether
 * it stopped on the plateau, so an under-fitting probe is visible.
 *
 * <p>W is initialised as {@code torch.nn.Linear}: U(−1/√D, 1/√D), from the settings' seed.
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
        if (train.n() < 1 || test.n() < 1) {
            throw new IllegalArgumentException("the probe needs at least one train and one test row");
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
        if (settings.standardize()) {
            Standardizer z = Standardizer.fit(train);
            train = z.apply(train);
            test = z.apply(test);
        }
        int d = train.dim();
        long t0 = System.nanoTime();
        Random random = new Random(settings.seed());
        Engine engine = Engines.get();
        double[] accs = new double[settings.epochs()];
        double[] losses = new double[settings.epochs()];
        int run = 0;
        boolean converged = settings.tolerance() == 0;
        double trainAcc;
        double trainLoss;
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
            int p = settings.patience();
            for (int epoch = 0; epoch < settings.epochs(); epoch++) {
                org.coopt.workbench.util.Interrupts.check("the linear probe, epoch " + epoch);
                Shuffle.shuffle(order, random);
                double lossSum = 0;
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
                            lossSum += loss.getFloat() * (double) idx.length;
                        }
                        try (NDArray gw = w.getGradient(); NDArray gb = b.getGradient()) {
                            adam.update("w", w, gw);
                            adam.update("b", b, gb);
                        }
                    }
                }
                losses[epoch] = lossSum / n;
                accs[epoch] = evaluate(test, testLabels, w, b, manager)[0];
                run = epoch + 1;
                if (settings.tolerance() > 0 && epoch >= p && run >= settings.lastEpochs()
                        && losses[epoch - p] - losses[epoch] < settings.tolerance() * losses[epoch - p]) {
                    converged = true;
                    break;
                }
            }
            double[] tr = evaluate(train, trainLabels, w, b, manager);
            trainAcc = tr[0];
            trainLoss = tr[1];
        }
        accs = java.util.Arrays.copyOf(accs, run);
        losses = java.util.Arrays.copyOf(losses, run);
        int last = Math.min(settings.lastEpochs(), run);
        double mean = 0;
        for (int i = run - last; i < run; i++) {
            mean += accs[i];
        }
        mean /= last;
        double var = 0;
        for (int i = run - last; i < run; i++) {
            var += (accs[i] - mean) * (accs[i] - mean);
        }
        return new ProbeResult(mean, Math.sqrt(var / last), accs, trainAcc, (System.nanoTime() - t0) / 1e9, settings,
                trainLoss, losses, converged);
    }

    /** {accuracy, mean cross-entropy} of xW + b on the rows of {@code f}. */
    static double[] evaluate(FeatureMatrix f, int[] labels, NDArray w, NDArray b, NDManager manager) {
        long correct = 0;
        double lossSum = 0;
        for (int from = 0; from < f.n(); from += EVAL_CHUNK) {
            int to = Math.min(f.n(), from + EVAL_CHUNK);
            try (NDManager sm = manager.newSubManager()) {
                NDArray logits = f.range(sm, from, to).matMul(w).add(b);
                long[] y = new long[to - from];
                for (int i = 0; i < y.length; i++) {
                    y[i] = labels[from + i];
                }
                lossSum += Losses.crossEntropy(logits, sm.create(y)).getFloat() * (double) y.length;
                long[] p = logits.argMax(1).toType(DataType.INT64, false).toLongArray();
                for (int i = 0; i < p.length; i++) {
                    if (p[i] == labels[from + i]) {
                        correct++;
                    }
                }
            }
        }
        return new double[] {(double) correct / f.n(), lossSum / f.n()};
    }
}
