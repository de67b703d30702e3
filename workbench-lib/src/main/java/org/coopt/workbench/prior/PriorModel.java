package org.coopt.workbench.prior;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.coopt.workbench.data.ImageDataset;

/**
 * A prior model f_k (paper Sec. 3.1, METHOD.md §1): a frozen feature extractor with an id, an output
 * dimension m_k and a content hash (SHA-256 of what determines its outputs: architecture and weights,
 * the TorchScript file, or the kind and class count). Kinds: {@link BlockPrior} (the workbench's own
 * models, incl. "random" and "checkpoint"), {@link TorchScriptPrior}, {@link HumanPrior}. Features are taken
 * in eval mode on un-augmented, normalised images ({@link ImageDataset#batch}).
 */
public interface PriorModel extends AutoCloseable {
    /** Short, human-readable id (e.g. {@code convnet-w16-random-s3}). */
    String id();

    /** Kind: block, random, checkpoint, torchscript, human. */
    String kind();

    /** Feature dimension m. */
    int outputDim();

    /** SHA-256 identifying the prior's function (feature cache key with the data hash). */
    String contentHash();

    /** Features of samples {@code indices} of {@code data}: a float32 (B, m) NDArray owned by {@code manager}. */
    NDArray extract(NDManager manager, ImageDataset data, int[] indices);

    /** Releases native resources (parameters, loaded models). */
    @Override
    void close();
}
