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

    /** The headline metrics of the wide summary, in column order, with their column titles. */
    static final Map<String, String> HEADLINES = headlines();

    private static Map<String, String> headlines() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("probe_acc", "probe acc. (%)");
        m.put("probe_train_acc", "probe train acc. (%)");
        m.put("pretrain_s", "pre-training (s)");
        m.put("uniformity", "uniformity U");
        m.put("prior_acc", "prior acc. (%)");
        return m;
    }

    /**
     * One row per variant, one {@code mean ± std} column per headline metric present ({@code probe_acc},
     * {@code probe_train_acc}, {@code pretrain_s}, ...), and the number of seeds; each cell is rounded to what its
     * seeds support ({@link #meanStd(double[])}). Single values only (no curve points).
     */
    public static Table wide(List<ResultRow> rows) {
        List<String> variants = new java.util.ArrayList<>();
        for (ResultRow r : rows) {
            if (!variants.contains(r.variant())) {
                variants.add(r.variant());
            }
        }
        List<String> metrics = HEADLINES.keySet().stream()
                .filter(m -> rows.stream().anyMatch(r -> r.metric().equals(m) && !r.hasStep())).toList();
        StringColumn variant = StringColumn.create("variant");
        List<StringColumn> cols = new java.util.ArrayList<>();
        for (String m : metrics) {
            cols.add(StringColumn.create(HEADLINES.get(m)));
        }
        IntColumn seeds = IntColumn.create("seeds");
        for (String v : variants) {
            variant.append(v);
            int n = 0;
            for (int i = 0; i < metrics.size(); i++) {
                String m = metrics.get(i);
                double[] x = rows.stream().filter(r -> r.variant().equals(v) && r.metric().equals(m) && !r.hasStep())
                        .mapToDouble(ResultRow::value).toArray();
                cols.get(i).append(x.length == 0 ? "" : meanStd(x));
                n = Math.max(n, x.length);
            }
            seeds.append(n);
        }
        Table t = Table.create("summary", variant);
        cols.forEach(t::addColumns);
        t.addColumns(seeds);
        return t;
    }

    /**
     * "mean ± std" rounded to what the seeds support: the std to one significant digit (two when it starts with 1)
     * and the mean to the same decimal place; a single value keeps two decimals and no ±.
     */
    static String meanStd(double[] x) {
        double m = org.coopt.experiments.report.Stats.mean(x);
        if (x.length < 2) {
            return String.format(Locale.ROOT, "%.2f", m);
        }
        double s = org.coopt.experiments.report.Stats.sampleStd(x);
        if (!(s > 0) || !Double.isFinite(s)) {
            return String.format(Locale.ROOT, "%.2f ± 0", m);
        }
        int exp = (int) Math.floor(Math.log10(s));
        int digits = s / Math.pow(10, exp) < 2 ? 2 : 1;
        int decimals = Math.max(0, digits - 1 - exp);
        String f = "%." + decimals + "f";
        return String.format(Locale.ROOT, f + " ± " + f, m, s);
    }
}
