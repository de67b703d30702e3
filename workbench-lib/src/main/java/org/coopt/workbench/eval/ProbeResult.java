package org.coopt.workbench.eval;

/**
 * Outcome of a {@link LinearProbe}.
 *
 * @param accuracy       mean test accuracy over the last {@code settings.lastEpochs()} epochs, in [0, 1]
 * @param std            population standard deviation of those accuracies
 * @param epochAccuracy  test accuracy after every epoch (for curves; never used to pick a number)
 * @param trainAccuracy  training accuracy after the last epoch
 * @param seconds        wall time of the probe
 * @param settings       the protocol used
 */
public record ProbeResult(double accuracy, double std, double[] epochAccuracy, double trainAccuracy,
                          double seconds, ProbeSettings settings) {
}
