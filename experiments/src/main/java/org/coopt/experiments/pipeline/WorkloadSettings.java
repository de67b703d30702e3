package org.coopt.experiments.pipeline;

/**
 * Which samples an experiment uses. The dataset is the prior zoo's: Fashion-MNIST for the {@code smoke} and
 * {@code cpu} zoos, CIFAR-10/100, Tiny-ImageNet or ImageNet-1K for {@code paper-cifar10},
 * {@code paper-cifar100}, {@code paper-tiny-imagenet} and {@code paper-imagenet}. The training split is divided exactly as the prior
 * zoo divided it (the zoo's seed and prior-pool size), so CoOpt and the SSL baselines only ever see the
 * unlabelled pool, never the images the priors were trained on; the test split is used only for the
 * reported linear-probe accuracy.
 *
 * @param zooPreset       the prior zoo to use (smoke, cpu, paper-DATASET, smoke-DATASET), built by
 *                        {@code ./coopt zoo build} or on first use
 * @param unlabelledSize  how many unlabelled-pool images to optimize and pre-train on (0 = the whole unlabelled pool)
 * @param probeTrainSize  labelled images the linear probe is fit on: 0 = the whole labelled train split (the
 *                        standard linear-evaluation protocol, METHOD.md §7; the cpu and paper presets), N = a seeded
 *                        sample of N images of the train split (the smoke preset)
 * @param testSize        test images the probe is scored on (0 = the whole test split)
 * @param seed            seed of the subsampling (not of the zoo split, which is the zoo's)
 */
public record WorkloadSettings(String zooPreset, int unlabelledSize, int probeTrainSize, int testSize, long seed) {
    public WorkloadSettings {
        if (zooPreset == null || zooPreset.isBlank()) {
            throw new IllegalArgumentException("workload.zooPreset must be set (smoke, cpu or paper-DATASET)");
        }
        if (unlabelledSize < 0) {
            throw new IllegalArgumentException("workload.unlabelledSize must be >= 0 (0 = the whole unlabelled pool), got "
                    + unlabelledSize);
        }
        if (probeTrainSize < 0 || (probeTrainSize > 0 && probeTrainSize < 10)) {
            throw new IllegalArgumentException("workload.probeTrainSize must be 0 (the whole labelled train split) or "
                    + ">= 10 (a seeded sample of that many images), got " + probeTrainSize);
        }
        if (testSize < 0) {
            throw new IllegalArgumentException("workload.testSize must be >= 0 (0 = the whole test split), got "
                    + testSize);
        }
    }
}
