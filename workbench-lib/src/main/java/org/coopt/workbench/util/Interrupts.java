package org.coopt.workbench.util;

import java.util.concurrent.CancellationException;

/**
 * Cooperative interruption of the workbench's long loops (training steps, feature batches, probe epochs, experiment
 * cells): each checks the thread's interrupt flag between units of work and stops with a
 * {@link CancellationException} naming where, so that an interrupted notebook cell or thread ends cleanly at a
 * batch boundary (the notebook kernel interrupts the cell's thread first and forces a stop only if it is ignored),
 * leaving files complete and run folders resumable.
 */
public final class Interrupts {
    private Interrupts() {}

    /** Throws if the current thread has been interrupted (the flag stays set for the caller to see). */
    public static void check(String what) {
        if (Thread.currentThread().isInterrupted()) {
            throw new CancellationException("interrupted during " + what);
        }
    }
}
