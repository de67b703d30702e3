package org.coopt.workbench.coopt;

import java.nio.file.Path;

/**
 * Targets Y = F Pᵀ of one prior on some samples, on disk as a float32 N×d {@code .npy} (row i = the i-th
 * sample of the features they were projected from).
 *
 * @param file           the .npy file
 * @param rows           N
 * @param dim            d
 * @param featureDim     m, the prior's feature dimension
 * @param projectionSeed seed of P
 */
public record Targets(Path file, long rows, int dim, int featureDim, long projectionSeed) {
}
