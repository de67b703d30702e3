package org.coopt.kernel;

import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.Renderer;

/**
 * What a cell reaches from inside its JVM: {@link Display}, the workbench's progress bars and live training chart,
 * and its log lines on stdout. Installed once in the JVM that runs the cells: the kernel's own (in-process) or the
 * child JVM ({@link CellAgent}), where the sink writes {@link DisplayLines} that the kernel turns back into displays.
 */
final class CellServices {

    private CellServices() {}

    /** Installs the services with {@code sink}; returns the live chart, which each new cell must reset. */
    static LiveCurves install(Renderer renderer, DisplaySink sink) {
        Display.install(renderer, data -> {
            flushStreams(); // batched text printed before a display appears before it
            sink.show(data);
        });
        // progress bars (training, extraction, experiment cells) as one display each, updated in place
        org.coopt.workbench.util.ProgressView.install(new org.coopt.workbench.util.ProgressView() {
            @Override
            public Object open(String text) {
                String id = "coopt-progress-" + java.util.UUID.randomUUID();
                flushStreams();
                sink.show(CoOptKernel.progressData(id, text));
                return id;
            }

            @Override
            public void update(Object handle, String text) {
                sink.update((String) handle, CoOptKernel.progressData((String) handle, text));
            }
        });
        // a live loss / accuracy chart per cell, redrawn after every training epoch
        LiveCurves curves = new LiveCurves(d -> {
            flushStreams();
            sink.show(d);
        }, sink::update);
        org.coopt.workbench.train.CurveView.install(curves);
        // the workbench's log lines ([train], [features], ...) are information, not errors: stdout in a notebook
        org.coopt.workbench.util.Log.infoToStdout(true);
        return curves;
    }

    private static void flushStreams() {
        System.out.flush();
        System.err.flush();
    }

    /** A sink that hands displays to Jupyter's display channel. */
    static DisplaySink jupyter(java.util.function.Supplier<io.github.spencerpark.jupyter.kernel.JupyterIO> io) {
        return new DisplaySink() {
            @Override
            public void show(DisplayData data) {
                io.get().display.display(data);
            }

            @Override
            public void update(String id, DisplayData data) {
                io.get().display.updateDisplay(id, data);
            }
        };
    }
}
