package org.coopt.experiments.pipeline;

import org.coopt.workbench.eval.ProbeSettings;
import org.coopt.workbench.nn.Architectures;
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
 * @param probeEpochs linear-probe epochs (100 in METHOD.md §7; presets scale it), at least the
 *                    {@link ProbeSettings#LAST_EPOCHS} epochs its reported mean is taken over
 * @param monitor     per-epoch accuracy for the training-dynamics curve: "knn" or "none"
 */
public record Budget(String arch, int width, int epochs, int batchSize, double learningRate, double weightDecay,
                     int probeEpochs, String monitor) {
    public Budget {
        if (arch == null || arch.isBlank()) {
            throw new IllegalArgumentException("budget.arch must name an architecture, got "
                    + (arch == null ? "nothing" : "'" + arch + "'"));
        }
        java.util.Set<String> archs = new java.util.TreeSet<>();
        Architectures.names().forEach(archs::add);
        if (!archs.contains(arch)) {
            throw new IllegalArgumentException("budget.arch '" + arch + "' is not an architecture; known: "
                    + String.join(", ", archs));
        }
        if (width < 1 || width > Architectures.ArchSpec.MAX_WIDTH) {
            throw new IllegalArgumentException("budget.width must be in 1.." + Architectures.ArchSpec.MAX_WIDTH
                    + " (the backbone's channel width), got " + width);
        }
        if (epochs < 1) {
            throw new IllegalArgumentException("budget.epochs must be >= 1 (pre-training makes at least one pass over "
                    + "the unlabelled images), got " + epochs);
        }
        if (batchSize < 2) {
            throw new IllegalArgumentException("budget.batchSize must be >= 2 (batch normalisation needs two images "
                    + "per batch), got " + batchSize);
        }
        if (probeEpochs < ProbeSettings.LAST_EPOCHS) {
            throw new IllegalArgumentException("budget.probeEpochs must be >= " + ProbeSettings.LAST_EPOCHS
                    + " (the probe reports the mean of its last " + ProbeSettings.LAST_EPOCHS + " epochs, METHOD.md §7), "
                    + "got " + probeEpochs);
        }
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("budget.learningRate must be a finite number > 0, got " + shown(learningRate));
        }
        if (!(weightDecay >= 0) || !Double.isFinite(weightDecay)) {
            throw new IllegalArgumentException("budget.weightDecay must be a finite number >= 0, got " + shown(weightDecay));
        }
        if (!"knn".equals(monitor) && !"none".equals(monitor)) {
            throw new IllegalArgumentException("budget.monitor must be knn or none, got "
                    + (monitor == null ? "nothing" : "'" + monitor + "'"));
        }
    }

    /** A setting's number as a user writes it: -1 rather than -1.0, 0.001 rather than 1.0E-3. */
    static String shown(double x) {
        return Double.isFinite(x) ? java.math.BigDecimal.valueOf(x).stripTrailingZeros().toPlainString()
                : String.valueOf(x);
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
