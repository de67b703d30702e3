package org.coopt.workbench.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import org.coopt.workbench.engine.Engines;

/**
 * Weighted k-nearest-neighbour classifier on cosine similarity, for quick monitoring (the InstDisc /
 * DINO protocol): for a query q, take the k training features with the largest
 * {@code s_j = cos(q, x_j)} and vote with weights {@code exp(s_j / T)}; predict the class with the
 * largest total weight. Defaults k = 20, T = 0.07.
 */
public final class KnnClassifier {
    public static final int DEFAULT_K = 20;
    public static final double DEFAULT_TEMPERATURE = 0.07;
    private static final int CHUNK = 1024;

    private final int k;
    private final double temperature;

    public KnnClassifier(int k, double temperature) {
        if (k < 1 || !(temperature > 0)) {
            throw new IllegalArgumentException("kNN needs k >= 1 and temperature > 0, got " + k + ", " + temperature);
        }
        this.k = k;
        this.temperature = temperature;
    }

    public static KnnClassifier defaults() {
        return new KnnClassifier(DEFAULT_K, DEFAULT_TEMPERATURE);
    }

    public int k() {
        return k;
    }

    /** Predicted class of every test row. */
    public int[] predict(FeatureMatrix train, int[] trainLabels, FeatureMatrix test) {
        if (train.dim() != test.dim() || train.n() != trainLabels.length) {
            throw new IllegalArgumentException("kNN: dimensions or label count do not match");
        }
        int classes = 0;
        for (int y : trainLabels) {
            classes = Math.max(classes, y + 1);
        }
        int kk = Math.min(k, train.n());
        int[] out = new int[test.n()];
        try (NDManager m = Engines.get().newBaseManager(Engines.device())) {
            NDArray bank = normalize(train.toNDArray(m));
            NDArray bankT = bank.transpose();
            long[] ly = new long[trainLabels.length];
            for (int i = 0; i < ly.length; i++) {
                ly[i] = trainLabels[i];
            }
            NDArray labels = m.create(ly);
            for (int from = 0; from < test.n(); from += CHUNK) {
                int to = Math.min(test.n(), from + CHUNK);
                try (NDManager sm = m.newSubManager()) {
                    NDArray q = normalize(test.range(sm, from, to));
                    NDList top = q.matMul(bankT).topK(kk, 1, true, true);
                    NDArray weights = top.get(0).div((float) temperature).exp();
                    NDArray nbr = labels.take(sm, top.get(1).toType(DataType.INT64, false));
                    NDArray votes = nbr.oneHot(classes, DataType.FLOAT32).mul(weights.expandDims(2)).sum(new int[] {1});
                    long[] pred = votes.argMax(1).toType(DataType.INT64, false).toLongArray();
                    for (int i = 0; i < pred.length; i++) {
                        out[from + i] = (int) pred[i];
                    }
                }
            }
        }
        return out;
    }

    /** Accuracy in [0, 1] on labelled test features. */
    public double accuracy(FeatureMatrix train, int[] trainLabels, FeatureMatrix test, int[] testLabels) {
        int[] p = predict(train, trainLabels, test);
        int correct = 0;
        for (int i = 0; i < p.length; i++) {
            if (p[i] == testLabels[i]) {
                correct++;
            }
        }
        return (double) correct / p.length;
    }

    private static NDArray normalize(NDArray x) {
        return x.div(x.square().sum(new int[] {1}, true).sqrt().maximum(1e-8f));
    }
}
