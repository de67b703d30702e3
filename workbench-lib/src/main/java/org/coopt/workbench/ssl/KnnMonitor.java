package org.coopt.workbench.ssl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import org.coopt.workbench.data.ImageDataset;
import org.coopt.workbench.engine.Engines;
import org.coopt.workbench.ssl.loss.Ops;
import org.coopt.workbench.train.EpochMonitor;

/**
 * Weighted cosine kNN accuracy of a frozen backbone (Wu et al. 2018, the protocol solo-learn's
 * {@code WeightedKNNClassifier} logs during pre-training): features of un-augmented, normalised images
 * in eval mode, L2-normalised; each test sample votes with its k most similar bank samples, weight
 * exp(cos/τ), τ = 0.07; prediction = argmax of the summed weights per class.
 * <pre>
 *   score_c(x) = Σ_{j ∈ topk(x)} exp(⟨f(x), f(b_j)⟩ / τ) · [y_j = c],    ŷ = argmax_c score_c(x)
 * </pre>
 * <b>(decision)</b> This is a stand-in monitor in the SSL package until the evaluation package's
 * probe exists; it implements the training loop's {@link EpochMonitor}, so it can be swapped.
 */
public final class KnnMonitor implements EpochMonitor {
    public static final int DEFAULT_K = 20;
    public static final float DEFAULT_TEMPERATURE = 0.07f;
    private static final int CHUNK = 512;
    private final ImageDataset bank;
    private final ImageDataset test;
    private final int k;
    private final float temperature;

    public KnnMonitor(ImageDataset bank, ImageDataset test, int k, float temperature) {
        if (bank.numClasses() == 0 || test.numClasses() == 0) {
            throw new IllegalArgumentException("kNN needs labelled bank and test sets");
        }
        if (k < 1 || k > bank.size()) {
            throw new IllegalArgumentException("kNN k must be in 1.." + bank.size() + ", got " + k);
        }
        this.bank = bank;
        this.test = test;
        this.k = k;
        this.temperature = temperature;
    }

    public KnnMonitor(ImageDataset bank, ImageDataset test) {
        this(bank, test, Math.min(DEFAULT_K, bank.size()), DEFAULT_TEMPERATURE);
    }

    @Override
    public String kind() {
        return "knn" + k;
    }

    @Override
    public double evaluate(Block backbone, int epoch) {
        return accuracy(backbone);
    }

    /** kNN accuracy of {@code backbone} in [0, 1]. */
    public double accuracy(Block backbone) {
        try (NDManager m = Engines.get().newBaseManager(Engines.device())) {
            NDArray bankFeatures = features(m, backbone, bank);
            int classes = bank.numClasses();
            NDArray bankLabels = bank.labels(m, range(0, bank.size()));
            NDArray oneHot = bankLabels.oneHot(classes).toType(DataType.FLOAT32, false);
            long correct = 0;
            for (int start = 0; start < test.size(); start += CHUNK) {
                try (NDManager c = m.newSubManager()) {
                    int[] idx = range(start, Math.min(test.size(), start + CHUNK));
                    NDArray f = features(c, backbone, test, idx);
                    NDArray sim = f.matMul(bankFeatures.transpose());
                    NDArray kth = sim.sort(1).get(":, " + (bank.size() - k)).expandDims(1);
                    NDArray weights = sim.gte(kth).toType(DataType.FLOAT32, false).mul(sim.div(temperature).exp());
                    NDArray predicted = weights.matMul(oneHot).argMax(1);
                    NDArray truth = test.labels(c, idx);
                    correct += predicted.toType(DataType.INT64, false).eq(truth).sum().getLong();
                }
            }
            return (double) correct / test.size();
        }
    }

    private static NDArray features(NDManager m, Block backbone, ImageDataset ds) {
        NDList parts = new NDList();
        for (int start = 0; start < ds.size(); start += CHUNK) {
            parts.add(features(m, backbone, ds, range(start, Math.min(ds.size(), start + CHUNK))));
        }
        return parts.size() == 1 ? parts.get(0) : NDArrays.concat(parts, 0);
    }

    /** L2-normalised eval-mode features of {@code idx}, on {@code m}. */
    static NDArray features(NDManager m, Block backbone, ImageDataset ds, int[] idx) {
        ParameterStore ps = new ParameterStore(m, false);
        NDArray x = ds.batch(m, idx);
        return Ops.normalize(backbone.forward(ps, new NDList(x), false).singletonOrThrow());
    }

    static int[] range(int from, int to) {
        int[] a = new int[to - from];
        for (int i = 0; i < a.length; i++) {
            a[i] = from + i;
        }
        return a;
    }
}
