package org.coopt.workbench.prior;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.coopt.workbench.data.ImageDataset;

/** A prior that is a function of the image pixels only: {@link #features(NDArray)} of a normalised batch. */
public interface ImagePrior extends PriorModel {
    /** Features (B, m) of a normalised float32 batch (B, C, H, W), in eval mode; owned by the batch's manager. */
    NDArray features(NDArray batch);

    @Override
    default NDArray extract(NDManager manager, ImageDataset data, int[] indices) {
        return features(data.batch(manager, indices));
    }
}
