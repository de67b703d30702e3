package org.coopt.workbench.eval;

/**
 * Outcome of a {@link LinearProbe}.
 *
 * @param accuracy       mean test accuracy over the last {@code settings.lastEpochs()} epochs run, in [0, 1]
 * @param std            population standard deviation of those accuracies
 * @param epochAccuracy  test accuracy after every epoch run (for curves; never used to pick a number)
 * @param trainAccuracy  accuracy on the whole probe-train split after the last epoch
 * @param seconds        wall time of the probe
 * @param settings       the protocol used
 * @param trainLoss      mean cross-entropy on the whole probe-train split after the last epoch
 * @param epochLoss      mean training loss of every epoch run (the plateau criterion reads it)
 * @param converged      true when training stopped on a plateau (or ran the fixed epochs with tolerance 0);
 *                       false when it hit {@code settings.epochs()} with the loss still falling
 */
public record ProbeResult(double accuracy, double std, double[] epochAccuracy, double trainAccuracy,
                          double seconds, ProbeSettings settings, double trainLoss, double[] epochLoss,
                          boolean converged) {
    /** Epochs actually run. */
    public int epochsRun() {
        return epochAccuracy.length;
    }
}
