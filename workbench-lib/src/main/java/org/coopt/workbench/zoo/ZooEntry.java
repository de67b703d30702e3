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
 * @param probeAccuracy      its own linear-probe accuracy (prior pool → Fashion-MNIST test), mean of last 3 epochs
 * @param probeStd           std of those 3 accuracies
 * @param featureDim         feature dimension m
 */
public record ZooEntry(String id, String kind, ArchSpec arch, String folder, String trainingData,
                       String trainingDataSha256, int trainingSize, double epochs, long steps, double trainSeconds,
                       double probeAccuracy, double probeStd, int featureDim) {
}
