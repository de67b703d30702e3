package org.coopt.workbench.zoo;

import org.coopt.workbench.nn.Architectures.ArchSpec;

/**
 * One prior of the zoo, as listed in {@code zoo.json}.
 *
 * @param id                 unique id, e.g. {@code convnet-w32-sup-fmnist}
 * @param kind               supervised, ssl, supervised-mnist, checkpoint (weak), random, human, torchscript (a
 *                           user's model, added by path with {@code zoo add})
 * @param arch               architecture (null for the human prior; for torchscript {@code ("torchscript", 1, C, size)}:
 *                           only the input channels and size are meaningful)
 * @param folder             prior folder relative to the zoo folder ({@code BlockPrior} format; empty for human;
 *                           for torchscript the absolute path of the user's .pt file)
 * @param trainingData       what it was trained on (e.g. {@code fashion-mnist-priorpool10000-s0}); "none" if
 *                           untrained; "user" for torchscript
 * @param trainingDataSha256 SHA-256 of that data ("" if none); for torchscript the SHA-256 of the .pt file
 * @param trainingSize       number of training images
 * @param epochs             epochs trained (0 for random/human; fractional for a checkpoint)
 * @param steps              optimizer steps taken
 * @param trainSeconds       training wall time
 * @param probeAccuracy      its own linear-probe accuracy (METHOD.md §7: train split → test split), mean of the last 3
 *                           epochs
 * @param probeStd           std of those 3 accuracies
 * @param featureDim         feature dimension m
 * @param recipe             how it was made, in words (objective, augmentation, optimizer, batch, epochs, data)
 * @param labelledImages     labelled images whose labels its training read (0 for self-supervised, random and
 *                           user entries; for a checkpoint at most steps × batch)
 * @param paramsSha256       SHA-256 of its parameter file {@code prior.params} ("" for human and torchscript
 *                           entries); {@link PriorZoo#open} refuses a file that no longer has it
 * @param probeTrainAccuracy its own probe's accuracy on the probe-train split (an under-fitting probe shows here)
 * @param probeTrainLoss     its own probe's final mean cross-entropy on the probe-train split
 * @param probeEpochs        epochs its own probe ran before its loss plateaued
 * @param sampleProbeAccuracy the probe on a fixed small sample ({@link PriorZoo#SAMPLE_TRAIN} first train images →
 *                           {@link PriorZoo#SAMPLE_TEST} first test images, probe seed 0): cheap to recompute, so a
 *                           test can check that a shipped prior still gives what it gave when it was built
 */
public record ZooEntry(String id, String kind, ArchSpec arch, String folder, String trainingData,
                       String trainingDataSha256, int trainingSize, double epochs, long steps, double trainSeconds,
                       double probeAccuracy, double probeStd, int featureDim, String recipe, long labelledImages,
                       String paramsSha256, double probeTrainAccuracy, double probeTrainLoss, int probeEpochs,
                       double sampleProbeAccuracy) {
}
