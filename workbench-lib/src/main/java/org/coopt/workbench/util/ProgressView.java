package org.coopt.workbench.util;

/**
 * Where {@link Progress} bars go when not to stderr: a notebook kernel installs one that shows each bar as one
 * display updated in place (Jupyter's {@code update_display_data}), so a bar neither floods the output nor lands
 * on the next log line. The library itself never depends on a kernel.
 */
public interface ProgressView {
    /** Shows a new bar with its first text; returns a handle for {@link #update}. */
    Object open(String text);

    /** Replaces the bar's text. */
    void update(Object handle, String text);

    /** The view of the running process, or null (then bars print to stderr). */
    static ProgressView installed() {
        return Holder.view;
    }

    /** Installs (or, with null, removes) the view for every later bar. */
    static void install(ProgressView view) {
        Holder.view = view;
    }

    /** The installed view. */
    final class Holder {
        private static volatile ProgressView view;

        private Holder() {}
    }
}
