package org.coopt.workbench.augment;

import ai.djl.ndarray.NDArray;
import java.util.Random;

/**
 * Turns a batch of images into one augmented view of each. Implementations work on the whole batch
 * with NDArray operations (no per-pixel Java loops); all randomness comes from {@code random}, so a
 * seeded {@link Random} gives the same views again.
 */
public interface ViewAugmenter {

    /**
     * One augmented view of every image.
     *
     * @param pixels float32 [B, C, H, W] with values in [0, 1] (not yet normalised)
     * @param random the source of every random choice (crop boxes, flips, jitter factors ...)
     * @return float32 [B, C, H, W] in [0, 1], attached to the manager of {@code pixels}
     */
    NDArray apply(NDArray pixels, Random random);

    /** The augmenter that returns its input unchanged (a copy-free identity). */
    static ViewAugmenter identity() {
        return (pixels, random) -> pixels;
    }
}
