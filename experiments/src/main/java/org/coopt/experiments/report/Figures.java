package org.coopt.experiments.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.coopt.workbench.util.AtomicFiles;

/**
 * XChart figures for the experiments, always drawn from tidy results and saved as PNG and SVG
 * ({@code base.png}, {@code base.svg}); each figure's caption names the run it came from.
 */
public final class Figures {
    private Figures() {}

    /** One line series: x and y of equal length. */
    public record Series(String name, double[] x, double[] y) {
        public Series {
            if (x.length != y.length || x.length == 0) {
                throw new IllegalArgumentException("series " + name + ": x and y must be non-empty and equally long");
            }
        }
    }

    /** A line chart (with markers) of several series. */
    public static XYChart lines(String title, String xLabel, String yLabel, List<Series> series) {
        XYChart chart = base(title, xLabel, yLabel);
        for (Series s : series) {
            chart.addSeries(s.name(), s.x(), s.y()).setMarker(SeriesMarkers.CIRCLE);
        }
        return chart;
    }

    /** A scatter chart of labelled point groups, e.g. t-SNE panels or uniformity vs accuracy. */
    public static XYChart scatter(String title, String xLabel, String yLabel, Map<String, double[][]> groups) {
        XYChart chart = base(title, xLabel, yLabel);
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(5);
        for (var e : groups.entrySet()) {
            chart.addSeries(e.getKey(), e.getValue()[0], e.getValue()[1]);
        }
        return chart;
    }

    private static XYChart base(String title, String xLabel, String yLabel) {
        XYChart chart = new XYChartBuilder().width(720).height(480).title(title).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        chart.getStyler().setPlotGridLinesVisible(true);
        return chart;
    }

    /** Writes {@code base.png} and {@code base.svg} (each atomically); returns the PNG path. */
    public static Path save(Chart<?, ?> chart, Path base) throws IOException {
        Files.createDirectories(base.toAbsolutePath().getParent());
        Path png = base.resolveSibling(base.getFileName() + ".png");
        Path svg = base.resolveSibling(base.getFileName() + ".svg");
        AtomicFiles.write(png, out -> BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG));
        AtomicFiles.write(svg, out -> VectorGraphicsEncoder.saveVectorGraphic(chart, out,
                VectorGraphicsEncoder.VectorGraphicsFormat.SVG));
        return png;
    }
}
