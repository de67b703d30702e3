package org.coopt.workbench.train;

import ai.djl.nn.Block;

/**
 * An accuracy measured on the backbone after each epoch (e.g. kNN or a quick linear probe), for
 * training curves. Its time is excluded from the curve's wall time.
 */
public interface EpochMonitor {
    /** Short name written in the curve's {@code accuracy_kind} column, e.g. {@code knn20}. */
    String kind();

    /** Accuracy in [0, 1] of the backbone (in eval mode) after {@code epoch} (1-based). */
    double evaluate(Block backbone, int epoch);
}
