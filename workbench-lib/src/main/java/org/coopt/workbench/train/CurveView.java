package org.coopt.workbench.train;

import java.util.List;

/**
 * Where a training's curve goes while it trains: a notebook kernel installs one that draws the loss (and the
 * monitor's accuracy) per epoch as a chart updated in place. {@link TrainingLoop#fit} calls it after every epoch;
 * without a view (the command line) nothing happens. The library itself never depends on a kernel.
 */
public interface CurveView {
    /** A training {@code objective} starts; returns a handle for {@link #epoch}. */
    Object start(String objective, int epochs);

    /** An epoch ended; {@code points} is the curve so far (epoch 1 first). */
    void epoch(Object handle, List<CurvePoint> points);

    /** The view of the running process, or null. */
    static CurveView installed() {
        return Holder.view;
    }

    /** Installs (or, with null, removes) the view for every later training. */
    static void install(CurveView view) {
        Holder.view = view;
    }

    /** The installed view. */
    final class Holder {
        private static volatile CurveView view;

        private Holder() {}
    }
}
