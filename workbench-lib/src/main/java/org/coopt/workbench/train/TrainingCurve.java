package org.coopt.workbench.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.coopt.workbench.util.AtomicFiles;

/** The per-epoch record of a training run; reused by the experiments for training-dynamics plots. */
public final class TrainingCurve {
    public static final String CSV_HEADER = "objective,epoch,step,wall_seconds,loss,images_per_second,accuracy,accuracy_kind";
    private final List<CurvePoint> points = new ArrayList<>();

    public synchronized void add(CurvePoint p) {
        points.add(p);
    }

    public synchronized List<CurvePoint> points() {
        return Collections.unmodifiableList(new ArrayList<>(points));
    }

    public synchronized CurvePoint last() {
        if (points.isEmpty()) {
            throw new IllegalStateException("the training curve is empty");
        }
        return points.get(points.size() - 1);
    }

    /** Tidy CSV: one row per epoch, columns as {@link #CSV_HEADER}. */
    public synchronized String toCsv() {
        StringBuilder sb = new StringBuilder(CSV_HEADER).append('\n');
        for (CurvePoint p : points) {
            sb.append(String.format(Locale.ROOT, "%s,%d,%d,%.4f,%.6f,%.1f,%.6f,%s%n", p.objective(), p.epoch(), p.step(),
                    p.wallSeconds(), p.loss(), p.imagesPerSecond(), p.accuracy(), p.accuracyKind()));
        }
        return sb.toString();
    }

    public void writeCsv(Path file) throws IOException {
        AtomicFiles.writeString(file, toCsv());
    }
}
