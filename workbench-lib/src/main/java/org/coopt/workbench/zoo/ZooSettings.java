package org.coopt.workbench.zoo;

import java.util.List;

/**
 * What {@link PriorZoo} builds. Defaults live in the presets {@link #smoke()} and {@link #cpu()}.
 *
 * @param preset           preset name (also the cache sub-folder)
 * @param priorPoolSize    labelled prior pool taken from Fashion-MNIST train (10,000)
 * @param seed             root seed (split, initialisation, shuffling)
 * @param archs            architectures trained into priors
 * @param supervisedEpochs epochs of supervised training on the prior pool
 * @param sslEpochs        epochs of self-supervised training on the prior pool
 * @param mnistEpochs      epochs of supervised training on MNIST
 * @param mnistSize        MNIST training images used (10,000: "MNIST-10k", a seeded subset)
 * @param weakSteps        optimizer steps of the weak (early-checkpoint) prior, supervised on the prior pool
 * @param batchSize        training batch size
 * @param probeEpochs      epochs of each entry's own linear probe (prior pool → Fashion-MNIST test)
 * @param testLimit        first N Fashion-MNIST test images for the probe (0 = all 10,000)
 */
public record ZooSettings(String preset, int priorPoolSize, long seed, List<Arch> archs, int supervisedEpochs,
                          int sslEpochs, int mnistEpochs, int mnistSize, int weakSteps, int batchSize,
                          int probeEpochs, int testLimit) {

    /** An architecture name (see {@code nn.Architectures}) and width. */
    public record Arch(String name, int width) {
    }

    public ZooSettings {
        if (preset == null || preset.isBlank() || archs == null || archs.isEmpty()) {
            throw new IllegalArgumentException("a zoo needs a preset name and at least one architecture");
        }
        if (priorPoolSize < 2 || supervisedEpochs < 1 || sslEpochs < 1 || mnistEpochs < 1 || mnistSize < 2
                || weakSteps < 1 || batchSize < 2 || probeEpochs < 1 || testLimit < 0) {
            throw new IllegalArgumentException("zoo settings out of range: " + preset);
        }
        archs = List.copyOf(archs);
    }

    /** For tests and CI: one tiny ConvNet, 1,000-image pools, one epoch each. */
    public static ZooSettings smoke() {
        return new ZooSettings("smoke", 1000, 0, List.of(new Arch("convnet", 8)), 1, 1, 1, 1000, 5, 64, 20, 1000);
    }

    /**
     * The default CPU zoo: ConvNet-3 w32, ResNet-18 w8 and an MLP w256, 3 epochs of each training on the
     * 10,000-image prior pool and on MNIST-10k, weak priors after 20 steps, 30-epoch probes (sized so that
     * the whole zoo builds in minutes, not hours, on 2 shared cores).
     */
    public static ZooSettings cpu() {
        return new ZooSettings("cpu", PriorPoolSplit.DEFAULT_PRIOR_POOL, 0,
                List.of(new Arch("convnet", 32), new Arch("resnet18", 8), new Arch("mlp", 256)), 3, 3, 3, 10_000,
                20, 128, 30, 0);
    }

    public static ZooSettings preset(String name) {
        return switch (name) {
            case "smoke" -> smoke();
            case "cpu" -> cpu();
            default -> throw new IllegalArgumentException("unknown zoo preset '" + name + "'; known: smoke, cpu");
        };
    }
}
