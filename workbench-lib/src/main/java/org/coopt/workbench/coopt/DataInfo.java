package org.coopt.workbench.coopt;

import org.coopt.workbench.data.ImageDataset;

/**
 * What the platform records about D: enough to check that participants use the same data.
 *
 * @param ref    how to load it (null when the data is handed over in-process only)
 * @param name   dataset name
 * @param sha256 dataset SHA-256
 * @param size   N
 */
public record DataInfo(DatasetRef ref, String name, String sha256, int size) {
    public static DataInfo of(DatasetRef ref, ImageDataset d) {
        return new DataInfo(ref, d.name(), d.sha256(), d.size());
    }
}
