package org.coopt.workbench.train;

/**
 * One row of a training curve (written as tidy CSV by {@link TrainingCurve}).
 *
 * @param objective      objective name, e.g. {@code coopt-student}
 * @param epoch          1-based epoch that just ended (0 = before training)
 * @param step           optimizer steps taken so far
 * @param wallSeconds    training wall time so far, monitoring (probe/kNN) excluded
 * @param loss           mean loss over the epoch (NaN at epoch 0)
 * @param imagesPerSecond training throughput over the epoch (samples per second, both views count once)
 * @param accuracy       monitor accuracy in [0, 1] after the epoch, NaN without a monitor
 * @param accuracyKind   what {@code accuracy} is, e.g. {@code knn20}, {@code probe}, or {@code none}
 */
public record CurvePoint(String objective, int epoch, long step, double wallSeconds, double loss,
                         double imagesPerSecond, double accuracy, String accuracyKind) {
}
