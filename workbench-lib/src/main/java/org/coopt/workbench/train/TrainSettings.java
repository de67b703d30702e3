package org.coopt.workbench.train;

import org.coopt.workbench.augment.AugmentSettings;

/**
 * Settings of a {@link TrainingLoop}. Defaults (METHOD.md §5): AdamW, lr 1e-3, weight decay 0.01,
 * batch 128, RELA augmentation on both views.
 *
 * @param epochs        passes over the dataset
 * @param batchSize     samples per step; the last incomplete batch of an epoch is dropped
 * @param learningRate  AdamW learning rate (constant)
 * @param weightDecay   AdamW decoupled weight decay
 * @param view1         augmentation of the first view
 * @param view2         augmentation of the second view (BYOL uses an asymmetric pair)
 * @param maxSteps      stop after this many steps in total (0 = no limit); for smoke presets and tests
 * @param logEverySteps progress line to stderr every this many steps (0 = only per epoch)
 */
public record TrainSettings(int epochs, int batchSize, double learningRate, double weightDecay,
                            AugmentSettings view1, AugmentSettings view2, long maxSteps, int logEverySteps) {
    public TrainSettings {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        }
        if (batchSize < 2) {
            throw new IllegalArgumentException("batch size must be >= 2 (batch norm), got " + batchSize);
        }
        if (!(learningRate > 0) || !(weightDecay >= 0)) {
            throw new IllegalArgumentException("learning rate must be > 0 and weight decay >= 0, got "
                    + learningRate + ", " + weightDecay);
        }
        if (view1 == null || view2 == null) {
            throw new IllegalArgumentException("both view augmentations must be set (AugmentSettings.none() for none)");
        }
        if (maxSteps < 0 || logEverySteps < 0) {
            throw new IllegalArgumentException("maxSteps and logEverySteps must be >= 0");
        }
    }

    /** METHOD.md §5 defaults for the given number of epochs. */
    public static TrainSettings defaults(int epochs) {
        return new TrainSettings(epochs, 128, 1e-3, 0.01, AugmentSettings.rela(), AugmentSettings.rela(), 0, 50);
    }

    public TrainSettings withBatchSize(int b) {
        return new TrainSettings(epochs, b, learningRate, weightDecay, view1, view2, maxSteps, logEverySteps);
    }

    public TrainSettings withLearningRate(double lr, double wd) {
        return new TrainSettings(epochs, batchSize, lr, wd, view1, view2, maxSteps, logEverySteps);
    }

    public TrainSettings withViews(AugmentSettings v1, AugmentSettings v2) {
        return new TrainSettings(epochs, batchSize, learningRate, weightDecay, v1, v2, maxSteps, logEverySteps);
    }

    public TrainSettings withMaxSteps(long steps) {
        return new TrainSettings(epochs, batchSize, learningRate, weightDecay, view1, view2, steps, logEverySteps);
    }

    public TrainSettings withLogEvery(int steps) {
        return new TrainSettings(epochs, batchSize, learningRate, weightDecay, view1, view2, maxSteps, steps);
    }
}
