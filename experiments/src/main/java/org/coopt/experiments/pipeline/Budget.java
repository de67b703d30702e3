package org.coopt.experiments.pipeline;

import org.coopt.workbench.train.TrainSettings;

/**
 * The pre-training budget every method gets in a comparison ("same hyperparameters", paper Sec. 4.1):
 * the same backbone, epochs, batch size and AdamW settings for CoOpt's student and each SSL baseline,
 * and the same linear probe afterwards (METHOD.md §5 and §7).
 *
 * @param arch        backbone architecture (nn/Architectures name)
 * @param width       backbone width
 * @param epochs      pre-training epochs over the unlabelled images
 * @param batchSize   batch size (128 in METHOD.md §5)
 * @param learningRate AdamW learning rate (1e-3)
 * @param weightDecay AdamW weight decay (0.01)
 * @param probeEpochs linear-probe epochs (100 in METHOD.md §7; presets scale it)
 * @param monitor     per-epoch accuracy for the training-dynamics curve: "knn" or "none"
 */
public record Budget(String arch, int width, int epochs, int batchSize, double learningRate, double weightDecay,
                     int probeEpochs, String monitor) {
    public Budget {
        if (arch == null || arch.isBlank() || width < 1 || epochs < 1 || batchSize < 2 || probeEpochs < 3) {
            throw new IllegalArgumentException("bad budget: arch " + arch + ", width " + width + ", epochs " + epochs
                    + ", batch " + batchSize + ", probe epochs " + probeEpochs + " (needs >= 3 for the last-3 mean)");
        }
        if (!(learningRate > 0) || weightDecay < 0) {
            throw new IllegalArgumentException("learning rate must be > 0 and weight decay >= 0");
        }
        if (!"knn".equals(monitor) && !"none".equals(monitor)) {
            throw new IllegalArgumentException("monitor must be knn or none, got " + monitor);
        }
    }

    /** The training-loop settings (RELA augmentation by default; SSL methods set their own views). */
    public TrainSettings trainSettings() {
        return TrainSettings.defaults(epochs).withBatchSize(batchSize).withLearningRate(learningRate, weightDecay);
    }

    public Budget withArch(String a, int w) {
        return new Budget(a, w, epochs, batchSize, learningRate, weightDecay, probeEpochs, monitor);
    }

    public Budget withEpochs(int e) {
        return new Budget(arch, width, e, batchSize, learningRate, weightDecay, probeEpochs, monitor);
    }
}
