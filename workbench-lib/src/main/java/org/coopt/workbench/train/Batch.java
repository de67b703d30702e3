package org.coopt.workbench.train;

import ai.djl.ndarray.NDArray;

/**
 * One training batch as an {@link Objective} sees it. All arrays belong to the step's manager.
 *
 * @param view1   first augmented view, normalised, float32 [B, C, H, W]
 * @param view2   second augmented view, normalised, float32 [B, C, H, W]
 * @param targets float32 [B, d] targets of the samples (optimized data), or null
 * @param labels  int64 [B] labels, or null when the data set is unlabelled or labels are not asked for
 * @param indices dataset indices of the samples, in batch order
 */
public record Batch(NDArray view1, NDArray view2, NDArray targets, NDArray labels, int[] indices) {
    public int size() {
        return indices.length;
    }
}
