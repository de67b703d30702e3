package org.coopt.workbench.prior;

import java.nio.file.Path;

/**
 * A prior's features of a dataset, on disk as a float32 N×m {@code .npy} (row i = sample i of the dataset).
 *
 * @param file      the .npy file
 * @param priorId   prior id
 * @param priorHash prior content hash
 * @param dataName  dataset name
 * @param dataHash  dataset SHA-256
 * @param rows      N
 * @param dim       m
 * @param cached    true when nothing was computed (the cache already held them)
 * @param seconds   wall time of this call
 */
public record Features(Path file, String priorId, String priorHash, String dataName, String dataHash, int rows,
                       int dim, boolean cached, double seconds) {
}
