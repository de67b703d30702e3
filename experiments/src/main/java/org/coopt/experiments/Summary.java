package org.coopt.experiments;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Tablesaw views of tidy results: per (variant, metric), the mean over seeds, the sample standard
 * deviation {@code sqrt(Σ(v − mean)² / (n − 1))} (0 for one seed) and n, plus a "mean ± std" text column.
 */
public final class Summary {
    private Summary() {}

    /** The tidy rows as a Tablesaw table with columns experiment, variant, seed, metric, value. */
    public static Table table(List<ResultRow> rows) {
        Table t = Table.create("results",
                StringColumn.create("experiment"), StringColumn.create("variant"),
                DoubleColumn.create("seed"), StringColumn.create("metric"), DoubleColumn.create("value"));
        for (ResultRow r : rows) {
            t.stringColumn("experiment").append(r.experiment());
            t.stringColumn("variant").append(r.variant());
            t.doubleColumn("seed").append(r.seed());
            t.stringColumn("metric").append(r.metric());
            t.doubleColumn("value").append(r.value());
        }
        return t;
    }

    /** Mean ± std over seeds for every (variant, metric, step), in first-seen order; step is missing for single values. */
    public static Table meanStd(List<ResultRow> rows) {
        Map<String, List<Double>> groups = new LinkedHashMap<>();
        Map<String, String[]> keys = new LinkedHashMap<>();
        for (ResultRow r : rows) {
            String k = r.variant() + "\u0000" + r.metric() + "\u0000" + r.step();
            groups.computeIfAbsent(k, x -> new java.util.ArrayList<>()).add(r.value());
            keys.putIfAbsent(k, new String[] {r.variant(), r.metric(), Integer.toString(r.step())});
        }
        StringColumn variant = StringColumn.create("variant");
        StringColumn metric = StringColumn.create("metric");
        IntColumn step = IntColumn.create("step");
        DoubleColumn mean = DoubleColumn.create("mean");
        DoubleColumn std = DoubleColumn.create("std");
        IntColumn n = IntColumn.create("n");
        StringColumn text = StringColumn.create("mean ± std");
        for (var e : groups.entrySet()) {
            List<Double> v = e.getValue();
            double[] values = v.stream().mapToDouble(Double::doubleValue).toArray();
            double m = org.coopt.experiments.report.Stats.mean(values);
            double s = v.size() > 1 ? org.coopt.experiments.report.Stats.sampleStd(values) : 0.0;
            variant.append(keys.get(e.getKey())[0]);
            metric.append(keys.get(e.getKey())[1]);
            int st = Integer.parseInt(keys.get(e.getKey())[2]);
            if (st == org.coopt.experiments.ResultRow.NO_STEP) {
                step.appendMissing();
            } else {
                step.append(st);
            }
            mean.append(m);
            std.append(s);
            n.append(v.size());
            text.append(String.format(Locale.ROOT, "%.2f ± %.2f", m, s));
        }
        return Table.create("summary", variant, metric, step, mean, std, n, text);
    }
}
