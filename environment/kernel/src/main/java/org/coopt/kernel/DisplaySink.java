package org.coopt.kernel;

import io.github.spencerpark.jupyter.kernel.display.DisplayData;

/** Where the displays a cell makes go: Jupyter's display channel, or the line relay of a child JVM. */
interface DisplaySink {
    /** Shows a new display (its display id, when set, lets later updates replace it). */
    void show(DisplayData data);

    /** Replaces the display with {@code id}. */
    void update(String id, DisplayData data);
}
