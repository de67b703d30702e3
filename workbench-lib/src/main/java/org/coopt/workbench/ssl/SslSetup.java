package org.coopt.workbench.ssl;

import org.coopt.workbench.nn.Architectures.ArchSpec;

/**
 * What an SSL method needs to know before its parameters are created.
 *
 * @param spec        the backbone (the same as CoOpt's student in a comparison)
 * @param sizes       head sizes (normally {@link HeadSizes#forBackbone})
 * @param datasetSize number of training images N (MoCo's queue is scaled to it)
 * @param seed        seed of the method's own randomness (MoCo's initial queue)
 */
public record SslSetup(ArchSpec spec, HeadSizes sizes, int datasetSize, long seed) {
    public SslSetup {
        if (spec == null || sizes == null) {
            throw new IllegalArgumentException("an SSL method needs a backbone spec and head sizes");
        }
        if (datasetSize < 1) {
            throw new IllegalArgumentException("dataset size must be >= 1, got " + datasetSize);
        }
    }

    /** Scaled default head sizes for {@code spec}. */
    public static SslSetup of(ArchSpec spec, int datasetSize, long seed) {
        return new SslSetup(spec, HeadSizes.forBackbone(spec), datasetSize, seed);
    }
}
