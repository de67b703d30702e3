package org.coopt.workbench.ssl;

import java.util.Locale;

/**
 * The fully resolved settings of one SSL pre-training run (written as the run's config.json).
 * Defaults ({@link #defaults}) follow METHOD.md §5–6: ConvNet-3 w64, AdamW lr 1e-3, weight decay 0.01,
 * batch 128, as CoOpt's student.
 *
 * @param method       registry name ({@link SslMethods#names()})
 * @param dataset      catalogue name of the training data (Datasets), e.g. {@code fashion-mnist}
 * @param trainLimit   use the first this many training images (0 = all)
 * @param knnBank      kNN memory bank: the first this many training images (labels used only here)
 * @param knnTest      kNN test images: the first this many of the test split
 * @param arch         backbone registry name
 * @param width        backbone width
 * @param epochs       epochs
 * @param batchSize    batch size
 * @param learningRate AdamW learning rate
 * @param weightDecay  AdamW weight decay
 * @param maxSteps     stop after this many steps (0 = no limit)
 * @param seed         root seed
 */
public record SslRunConfig(String method, String dataset, int trainLimit, int knnBank, int knnTest, String arch,
                           int width, int epochs, int batchSize, double learningRate, double weightDecay,
                           long maxSteps, long seed) {
    public SslRunConfig {
        if (method == null || !SslMethods.names().contains(method.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("unknown SSL method '" + method + "'; known: " + SslMethods.names());
        }
        method = method.toLowerCase(Locale.ROOT);
        if (trainLimit < 0 || knnBank < 1 || knnTest < 1 || width < 1 || epochs < 1 || batchSize < 2
                || !(learningRate > 0) || !(weightDecay >= 0) || maxSteps < 0) {
            throw new IllegalArgumentException("bad SSL run settings: trainLimit " + trainLimit + ", knnBank " + knnBank
                    + ", knnTest " + knnTest + ", width " + width + ", epochs " + epochs + ", batch " + batchSize
                    + ", lr " + learningRate + ", wd " + weightDecay + ", maxSteps " + maxSteps);
        }
    }

    public static SslRunConfig defaults(String method) {
        return new SslRunConfig(method, "fashion-mnist", 0, 5000, 2000, "convnet", 64, 10, 128, 1e-3, 0.01, 0, 0);
    }

    public SslRunConfig with(int epochs, int batchSize, int width) {
        return new SslRunConfig(method, dataset, trainLimit, knnBank, knnTest, arch, width, epochs, batchSize,
                learningRate, weightDecay, maxSteps, seed);
    }

    public SslRunConfig withData(String dataset, int trainLimit, int knnBank, int knnTest) {
        return new SslRunConfig(method, dataset, trainLimit, knnBank, knnTest, arch, width, epochs, batchSize,
                learningRate, weightDecay, maxSteps, seed);
    }

    public SslRunConfig withSeed(long seed, long maxSteps) {
        return new SslRunConfig(method, dataset, trainLimit, knnBank, knnTest, arch, width, epochs, batchSize,
                learningRate, weightDecay, maxSteps, seed);
    }
}
