package org.coopt.workbench.ssl;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.coopt.workbench.nn.Architectures.ArchSpec;

/**
 * What a method needs to build itself.
 *
 * @param manager      owns every parameter and state array of the method (closed by the caller after)
 * @param spec         the backbone
 * @param sizes        head sizes (normally {@link HeadSizes#forBackbone})
 * @param batchSize    training batch size B
 * @param datasetSize  number of training images N (MoCo's queue is scaled to it)
 * @param totalSteps   K, the number of optimizer steps of the run (EMA and warm-up schedules)
 * @param seed         seed for the method's own randomness (queue initialisation)
 */
public record SslContext(NDManager manager, ArchSpec spec, HeadSizes sizes, int batchSize, int datasetSize,
                         long totalSteps, long seed) {
    public SslContext {
        if (batchSize < 2 || datasetSize < 1 || totalSteps < 1) {
            throw new IllegalArgumentException("SSL needs batch >= 2, data >= 1 and steps >= 1, got "
                    + batchSize + ", " + datasetSize + ", " + totalSteps);
        }
    }

    /** [B, C, H, W] of one view. */
    public Shape inputShape() {
        return new Shape(batchSize, spec.inChannels(), spec.imageSize(), spec.imageSize());
    }
}
