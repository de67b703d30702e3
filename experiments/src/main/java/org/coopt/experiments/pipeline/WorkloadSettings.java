package org.coopt.experiments.pipeline;

/**
 * Which Fashion-MNIST samples an experiment uses. The training split is divided exactly as the prior
 * zoo divided it (the zoo's seed and prior-pool size), so CoOpt and the SSL baselines only ever see the
 * unlabelled pool, never the images the priors were trained on; the test split is used only for the
 * reported linear-probe accuracy.
 *
 * @param zooPreset       the prior zoo to use (smoke or cpu), built by {@code ./coopt zoo build}
 * @param unlabelledSize  how many unlabelled-pool images to optimize and pre-train on (0 = all 50,000)
 * @param probeTrainSize  labelled images of the unlabelled pool the linear probe is fit on
 * @param testSize        Fashion-MNIST test images the probe is scored on (0 = all 10,000)
 * @param seed            seed of the subsampling (not of the zoo split, which is the zoo's)
 */
public record WorkloadSettings(String zooPreset, int unlabelledSize, int probeTrainSize, int testSize, long seed) {
    public WorkloadSettings {
        if (zooPreset == null || zooPreset.isBlank()) {
            throw new IllegalArgumentException("zooPreset must be set (smoke or cpu)");
        }
        if (unlabelledSize < 0 || probeTrainSize < 10 || testSize < 0) {
            throw new IllegalArgumentException("workload sizes must be >= 0 (probeTrainSize >= 10), got "
                    + unlabelledSize + ", " + probeTrainSize + ", " + testSize);
        }
    }
}
