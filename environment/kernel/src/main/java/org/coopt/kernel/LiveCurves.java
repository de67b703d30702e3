package org.coopt.kernel;

import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.coopt.workbench.train.CurvePoint;
import org.coopt.workbench.train.CurveView;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;

/**
 * The live training chart of a notebook cell: the loss per epoch (and the monitor's accuracy on a second axis) of
 * the training that runs, redrawn after every epoch as one display updated in place. A cell that trains several
 * times (an experiment's cells) keeps one chart, which each new training takes over, so the output does not grow
 * with the number of trainings.
 */
final class LiveCurves implements CurveView {
    static final int WIDTH = 560;
    static final int HEIGHT = 260;

    private final Consumer<DisplayData> show;
    private final BiConsumer<String, DisplayData> replace;
    private String displayId;
    private int trainings;

    /**
     * @param show    shows a new display (with its display id set)
     * @param replace replaces the display with that id
     */
    LiveCurves(Consumer<DisplayData> show, BiConsumer<String, DisplayData> replace) {
        this.show = show;
        this.replace = replace;
    }

    /** A new cell starts: its first training opens a new chart. */
    synchronized void newCell() {
        displayId = null;
        trainings = 0;
    }

    @Override
    public synchronized Object start(String objective, int epochs) {
        trainings++;
        return new Run(objective, epochs, trainings);
    }

    @Override
    public synchronized void epoch(Object handle, List<CurvePoint> points) {
        Run run = (Run) handle;
        DisplayData d = render(run, points);
        if (displayId == null) {
            displayId = "coopt-curve-" + java.util.UUID.randomUUID();
            d.setDisplayId(displayId);
            show.accept(d);
        } else {
            d.setDisplayId(displayId);
            replace.accept(displayId, d);
        }
    }

    private record Run(String objective, int epochs, int index) {}

    /** The chart as PNG with a one-line text form (what a text front end shows). */
    static DisplayData render(Object handle, List<CurvePoint> points) {
        Run run = (Run) handle;
        CurvePoint last = points.get(points.size() - 1);
        String title = String.format(Locale.ROOT, "%s%s: epoch %d/%d, loss %.4f%s", run.objective(),
                run.index() > 1 ? " (training " + run.index() + " of this cell)" : "", last.epoch(), run.epochs(),
                last.loss(), Double.isNaN(last.accuracy()) ? ""
                        : String.format(Locale.ROOT, ", %s %.2f%%", last.accuracyKind(), 100 * last.accuracy()));
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle("epoch")
                .yAxisTitle("loss").build();
        chart.getStyler().setLegendVisible(true);
        chart.getStyler().setChartTitleFont(chart.getStyler().getChartTitleFont().deriveFont(12f));
        List<Double> epochs = new ArrayList<>();
        List<Double> loss = new ArrayList<>();
        List<Double> acc = new ArrayList<>();
        for (CurvePoint p : points) {
            epochs.add((double) p.epoch());
            loss.add(p.loss());
            acc.add(100 * p.accuracy());
        }
        chart.addSeries("loss", epochs, loss);
        if (acc.stream().anyMatch(a -> !a.isNaN())) {
            XYSeries s = chart.addSeries(last.accuracyKind() + " acc. (%)", epochs, acc);
            s.setYAxisGroup(1);
            chart.setYAxisGroupTitle(1, "accuracy (%)");
        }
        DisplayData d = new DisplayData(title);
        d.putData(MIMEType.IMAGE_PNG, Png.base64(BitmapEncoder.getBufferedImage(chart)));
        return d;
    }
}
