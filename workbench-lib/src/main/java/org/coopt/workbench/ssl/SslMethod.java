package org.coopt.workbench.ssl;

import org.coopt.workbench.train.Objective;

/**
 * A self-supervised pre-training method (one of Tab. 1's baselines), as solo-learn's
 * {@code methods/base.py}: an {@link Objective} for the shared {@link org.coopt.workbench.train.TrainingLoop}
 * (so it is trained exactly like CoOpt's student: same loop, AdamW, batch, epochs and accounting) that
 * owns its heads, its loss, its momentum networks and its pair of views.
 *
 * <p>Per step the loop calls {@link #loss} inside a gradient collector, updates
 * {@link #trainableBlocks()} with AdamW, then {@link #afterStep} (EMA, MoCo queue, SwAV prototype
 * normalisation, DINO centre) while the step's manager is still open.
 */
public interface SslMethod extends Objective {
    /** The two views this method trains on (SimCLR-style symmetric or BYOL-style asymmetric). */
    SslViews views();
}
