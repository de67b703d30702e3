package org.coopt.experiments.experiments;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.coopt.experiments.CellContext;
import org.coopt.experiments.Experiment;
import org.coopt.experiments.ResultRow;
import org.coopt.experiments.pipeline.Workload;
import org.coopt.experiments.pipeline.WorkloadSettings;
import org.coopt.experiments.pipeline.ZooPriors;
import org.coopt.experiments.report.Figures;
import org.coopt.experiments.report.RunReport;
import org.coopt.experiments.report.Stats;
import org.coopt.experiments.report.Verdict;
import org.coopt.workbench.coopt.Partition;
import org.coopt.workbench.coopt.Uniformity;
import org.coopt.workbench.data.ImageDataset;
import org.coopt.workbench.engine.Engines;
import org.coopt.workbench.prior.FeatureExtractor;
import org.coopt.workbench.prior.Features;
import org.coopt.workbench.prior.PriorModel;
import org.coopt.workbench.zoo.ZooEntry;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Paper Fig. 5c (Sec. 4.4): does the uniformity value U (Eq. 3, METHOD.md §3) rank prior models by quality?
 * Each zoo prior's U is computed on one shared set S drawn from the unlabelled pool (the same S for every
 * prior of a seed), and set against that prior's own linear-probe accuracy as the zoo recorded it
 * ({@link ZooEntry#probeAccuracy()}, the cheap measure; no CoOpt student is trained here). The association is
 * Spearman's ρ with its p-value ({@link Stats#spearman}).
 *
 * <p>Sign: lower U = more uniform = better prior (METHOD.md §3), so the paper's claim "strong correlation"
 * means ρ(U, accuracy) strongly <em>negative</em> here.
 */
public final class Fig5c implements Experiment<Fig5c.Config> {

    /**
     * @param workload   the unlabelled pool S is drawn from (sizes of the probe sets are unused)
     * @param priors     zoo prior ids (variants); at least 3 for a correlation
     * @param sharedSize |S|, drawn from the unlabelled pool with the run seed
     */
    public record Config(WorkloadSettings workload, List<String> priors, int sharedSize) {
        public Config {
            if (workload == null || priors == null || priors.size() < 3) {
                throw new IllegalArgumentException("fig5c needs a workload and at least 3 priors for a rank correlation");
            }
            if (sharedSize < 2) {
                throw new IllegalArgumentException("fig5c: sharedSize must be >= 2, got " + sharedSize);
            }
        }
    }

    @Override
    public String id() {
        return "fig5c";
    }

    @Override
    public String title() {
        return "Fig. 5c: uniformity value of a prior vs its accuracy (Spearman rank correlation)";
    }

    @Override
    public String paperClaim() {
        return "strong Spearman rank correlation between uniformity value and prior accuracy (lower U, higher accuracy)";
    }

    @Override
    public Class<Config> configType() {
        return Config.class;
    }

    @Override
    public List<String> variants(Config c) {
        return c.priors();
    }

    @Override
    public List<ResultRow> runCell(String variant, long seed, Config c, CellContext ctx) throws Exception {
        Workload w = Workload.of(c.workload());
        ImageDataset pool = w.unlabelled();
        ctx.run().dataset(Workload.title(c.workload()) + " unlabelled", pool.sha256());
        int n = Math.min(c.sharedSize(), pool.size());
        // the same S for every prior of this seed: drawn from the run seed, not the per-variant cell seeds
        long sharedSeed = new org.coopt.workbench.run.Seeds(seed).child("shared-set");
        int[] shared = Partition.random(pool.size(), 1, n, sharedSeed, sharedSeed).shared();
        ImageDataset s = pool.subset(shared, pool.name() + "-shared" + n);
        ZooEntry entry = ZooPriors.entry(w.zooPreset(), variant);
        List<PriorModel> prior = ZooPriors.open(w.zooPreset(), List.of(variant));
        double u;
        long t0 = System.nanoTime();
        try {
            Features f = new FeatureExtractor(ctx.scratch().resolve("feature-cache"), FeatureExtractor.DEFAULT_BATCH).extract(prior.get(0), s);
            try (NDManager m = NDManager.newBaseManager(Engines.device())) {
                u = new Uniformity().value(f.file(), m);
            }
        } finally {
            ZooPriors.close(prior);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        return List.of(new ResultRow(id(), variant, seed, "uniformity", u),
                new ResultRow(id(), variant, seed, "prior_acc", 100 * entry.probeAccuracy()),
                new ResultRow(id(), variant, seed, "shared_size", n),
                new ResultRow(id(), variant, seed, "uniformity_s", seconds));
    }

    /** The kind of a prior as its zoo entry records it (supervised, ssl, checkpoint, random, human, ...). */
    static String kindOf(String preset, String priorId) {
        try {
            return ZooPriors.entry(preset, priorId).kind();
        } catch (IOException | RuntimeException e) {
            return "human".equals(priorId) ? "human" : "other";
        }
    }

    /**
     * The fitted rank line: the least-squares line of rank(acc) on rank(U), whose slope is Spearman's ρ
     * (both rank vectors have the same mean and variance), r̂ = r̄ + ρ (rank(U) − r̄), mapped back to accuracy
     * units by linear interpolation in the sorted accuracies. Returns {x sorted U, fitted accuracy}.
     */
    static double[][] rankLine(double[] u, double[] acc, double rho) {
        int n = u.length;
        double[] ru = ranks(u);
        double mean = (n + 1) / 2.0;
        double[] sortedAcc = acc.clone();
        Arrays.sort(sortedAcc);
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(u[a], u[b]));
        double[] x = new double[n];
        double[] y = new double[n];
        for (int j = 0; j < n; j++) {
            int i = order[j];
            double r = Math.max(1, Math.min(n, mean + rho * (ru[i] - mean)));
            int lo = (int) Math.floor(r) - 1;
            int hi = Math.min(n - 1, lo + 1);
            double frac = r - 1 - lo;
            x[j] = u[i];
            y[j] = sortedAcc[lo] + frac * (sortedAcc[hi] - sortedAcc[lo]);
        }
        return new double[][] {x, y};
    }

    /** Ranks 1..n, ties get their average rank. */
    static double[] ranks(double[] v) {
        int n = v.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(v[a], v[b]));
        double[] r = new double[n];
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && v[order[j + 1]] == v[order[i]]) {
                j++;
            }
            for (int k = i; k <= j; k++) {
                r[order[k]] = (i + j) / 2.0 + 1;
            }
            i = j + 1;
        }
        return r;
    }

    /**
     * Spearman ρ within each architecture (the id's first dash-separated part) that has at least 3 priors, each with
     * the outcome of the claim by the rule of {@link #verdict}.
     */
    static String withinArchitecture(List<String> ids, double[] u, double[] acc) {
        Map<String, List<Integer>> byArch = new LinkedHashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            byArch.computeIfAbsent(ids.get(i).split("-")[0], k -> new ArrayList<>()).add(i);
        }
        StringBuilder s = new StringBuilder();
        for (var e : byArch.entrySet()) {
            List<Integer> idx = e.getValue();
            if (idx.size() < 3 || idx.size() == ids.size()) {
                continue;
            }
            Stats.Correlation c = Stats.spearman(idx.stream().mapToDouble(i -> u[i]).toArray(),
                    idx.stream().mapToDouble(i -> acc[i]).toArray());
            s.append(String.format(Locale.ROOT, "%s%s ρ = %.2f (p = %s, n = %d: %s)", s.length() == 0 ? "" : "; ",
                    e.getKey(), c.rho(), Verdict.p(c.pValue()), c.n(), RunReport.outcome(c.rho() < 0, c.pValue())));
        }
        return s.length() == 0 ? "" : "\nWithin one architecture: " + s + ".\n";
    }

    /**
     * The verdict on the claim, from ρ and p (METHOD.md §7 with Spearman's test in place of Welch's): holds when ρ is
     * negative (the paper's direction: lower U, higher accuracy) and p &lt; 0.05; in direction, not significant when
     * only ρ &lt; 0; does not hold otherwise. The strength word (|ρ| ≥ 0.7 strong, ≥ 0.4 moderate) only describes ρ.
     */
    static String verdict(Stats.Correlation c) {
        String strength = Math.abs(c.rho()) >= 0.7 ? "strong" : Math.abs(c.rho()) >= 0.4 ? "moderate" : "weak";
        String direction = c.rho() < 0 ? "negative (lower U goes with higher accuracy, the paper's direction)"
                : "positive (lower U goes with lower accuracy, against the paper's direction)";
        return String.format(Locale.ROOT, "Spearman ρ = %.3f (p = %s, n = %d priors): a %s, %s correlation. "
                        + "**Verdict.** The claim (ρ < 0, p < 0.05): %s.", c.rho(), Verdict.p(c.pValue()), c.n(), strength,
                direction, RunReport.outcome(c.rho() < 0, c.pValue()));
    }

    @Override
    public void report(List<ResultRow> rows, Config c, Path runDir) throws IOException {
        List<String> vs = RunReport.variants(rows);
        double[] u = new double[vs.size()];
        double[] acc = new double[vs.size()];
        Map<String, List<double[]>> byKind = new LinkedHashMap<>();
        for (int i = 0; i < vs.size(); i++) {
            u[i] = RunReport.mean(rows, vs.get(i), "uniformity");
            acc[i] = RunReport.mean(rows, vs.get(i), "prior_acc");
            byKind.computeIfAbsent(kindOf(c.workload().zooPreset(), vs.get(i)), k -> new ArrayList<>()).add(new double[] {u[i], acc[i]});
        }
        StringBuilder md = new StringBuilder("# Fig. 5c: uniformity value vs prior accuracy ("
                + Workload.title(c.workload()) + ")\n\n");
        md.append(RunReport.provenanceLine(runDir)).append("\n\n");
        md.append(String.format(Locale.ROOT, "U on one shared set of |S| = %.0f unlabelled-pool images (t = 2, lower = "
                + "more uniform); accuracy = the prior's own linear-probe accuracy recorded in the zoo (no student).%n%n",
                RunReport.mean(rows, vs.get(0), "shared_size")));
        md.append("| prior | kind | uniformity U | prior probe acc. (%) |\n|---|---|---|---|\n");
        for (int i = 0; i < vs.size(); i++) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %.3f ± %.3f | %.2f |%n", vs.get(i), kindOf(c.workload().zooPreset(), vs.get(i)), u[i],
                    RunReport.std(rows, vs.get(i), "uniformity"), acc[i]));
        }
        md.append("\n± is the sample standard deviation over seeds (shared-set draws; 0 with one seed). "
                + "Paper (Fig. 5c, CIFAR priors): ")
                .append(paperClaim()).append("; the paper's ρ value was lost in the text extraction.\n\n");
        md.append(RunReport.priorTable(c.workload().zooPreset(), c.priors()));
        if (vs.size() >= 3) {
            Stats.Correlation corr = Stats.spearman(u, acc);
            int seeds = RunReport.values(rows, vs.get(0), "uniformity").length;
            md.append(verdict(corr)).append(String.format(Locale.ROOT, " U is the mean over %d seed%s (shared-set "
                    + "draws); the test is over the n priors.%n", seeds, seeds == 1 ? "" : "s"));
            md.append(withinArchitecture(vs, u, acc));
            Map<String, double[][]> groups = new LinkedHashMap<>();
            byKind.forEach((k, pts) -> groups.put(k, new double[][] {
                    pts.stream().mapToDouble(p -> p[0]).toArray(), pts.stream().mapToDouble(p -> p[1]).toArray()}));
            XYChart chart = Figures.scatter(String.format(Locale.ROOT,
                    "Fig. 5c: uniformity vs prior accuracy (Spearman rho = %.2f, p = %.2g)", corr.rho(), corr.pValue()),
                    "uniformity value U on the shared set (lower = more uniform)", "prior linear-probe accuracy (%)", groups);
            chart.getStyler().setMarkerSize(9);
            double[][] line = rankLine(u, acc, corr.rho());
            chart.addSeries("fitted rank line", line[0], line[1]).setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line)
                    .setMarker(SeriesMarkers.NONE).setLineColor(java.awt.Color.DARK_GRAY);
            Figures.save(chart, RunReport.figureBase(runDir, id()));
        }
        RunReport.writeText(runDir, id() + ".md", md.toString());
    }
}
