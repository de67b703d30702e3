package org.coopt.workbench.eval;

/**
 * Linear-probe protocol (METHOD.md §7, RELA {@code metrics/lineareval.py}).
 *
 * @param epochs       passes over the training features (paper 100; presets scale this)
 * @param batchSize    mini-batch size (128)
 * @param learningRate Adam learning rate (3e-4)
 * @param lastEpochs   the reported accuracy is mean ± std of the test accuracy over this many final epochs (3)
 * @param seed         seed of the shuffling and the initial weights
 */
public record ProbeSettings(int epochs, int batchSize, double learningRate, int lastEpochs, long seed) {
    public ProbeSettings {
        if (epochs < 1 || batchSize < 1 || lastEpochs < 1) {
            throw new IllegalArgumentException("probe epochs, batch size and lastEpochs must be >= 1");
        }
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("probe learning rate must be > 0, got " + learningRate);
        }
    }

    /** METHOD.md §7: 100 epochs, batch 128, Adam 3e-4, last 3 epochs. */
    public static ProbeSettings defaults() {
        return new ProbeSettings(100, 128, 3e-4, 3, 0);
    }

    public ProbeSettings withEpochs(int e) {
        return new ProbeSettings(e, batchSize, learningRate, lastEpochs, seed);
    }

    public ProbeSettings withSeed(long s) {
        return new ProbeSettings(epochs, batchSize, learningRate, lastEpochs, s);
    }

    public ProbeSettings withLearningRate(double lr) {
        return new ProbeSettings(epochs, batchSize, lr, lastEpochs, seed);
    }
}
