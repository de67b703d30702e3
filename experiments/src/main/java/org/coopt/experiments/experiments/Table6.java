package org.coopt.experiments.experiments;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import org.coopt.experiments.CellContext;
import org.coopt.experiments.Experiment;
import org.coopt.experiments.ResultRow;
import org.coopt.experiments.pipeline.Budget;
import org.coopt.experiments.pipeline.CooptSettings;
import org.coopt.experiments.pipeline.MethodOutcome;
import org.coopt.experiments.pipeline.Pipeline;
import org.coopt.experiments.pipeline.PlatformTimes;
import org.coopt.experiments.pipeline.Rows;
import org.coopt.experiments.pipeline.Workload;
import org.coopt.experiments.pipeline.WorkloadSettings;
import org.coopt.experiments.report.Figures;
import org.coopt.experiments.report.RunReport;
import org.coopt.experiments.report.Verdict;
import org.coopt.workbench.coopt.Alignment;
import org.coopt.workbench.coopt.ParticipantParallelism;
import org.coopt.workbench.coopt.PlatformSettings;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

/**
 * Paper Tab. 6 (Sec. 4.4): the overhead of the uniformity value (Eq. 3) and of the alignment (Eq. 4) against
 * the cost of pre-training. One real CoOpt run per seed records, in its platform folder, the time of every
 * stage ({@link PlatformTimes}: feature extraction, uniformity, alignment, projection and bookkeeping,
 * summed over participants) and the student training; an optional SSL variant (BYOL in the paper) gives the
 * baseline's pre-training time under the same budget, which is what the paper compares against.
 * Metrics of the coopt variant: {@code time_extract_s}, {@code time_uniformity_s}, {@code time_align_s},
 * {@code time_platform_other_s} (projection, merge, files), {@code time_train_s}, plus the standard rows.
 * The verdict is computed from the per-seed shares of uniformity plus alignment time ({@link #negligible}).
 */
public final class Table6 implements Experiment<Table6.Config> {

    /** Paper Tab. 6 (ImageNet-1K, seconds): BYOL pre-training, uniformity value, alignment. */
    static final double PAPER_BYOL_S = 133_766.19;
    static final double PAPER_UNIFORMITY_S = 139.16;
    static final double PAPER_ALIGN_S = 36.97;

    /**
     * @param workload       the images
     * @param budget         the shared pre-training budget
     * @param methods        "coopt" (required) and optionally SSL registry names for the baseline time
     * @param priors         zoo prior ids, one per participant
     * @param coopt          CoOpt's settings (d, shared fraction, alignment, solver, λ; {@link CooptSettings})
     */
    public record Config(WorkloadSettings workload, Budget budget, List<String> methods, List<String> priors,
                         CooptSettings coopt) {
        public Config {
            coopt = coopt == null ? CooptSettings.defaults() : coopt;
            if (workload == null || budget == null || methods == null || !methods.contains("coopt")) {
                throw new IllegalArgumentException("table6 needs workload, budget and methods containing coopt");
            }
            if (priors == null || priors.size() < 2) {
                throw new IllegalArgumentException("table6 needs at least 2 priors (alignment needs a non-reference participant)");
            }
            if (coopt.alignment() == Alignment.Choice.NONE) {
                throw new IllegalArgumentException("table6 times the alignment; use best, medium or worst, not none");
            }
        }
    }

    @Override
    public String id() {
        return "table6";
    }

    @Override
    public String title() {
        return "Tab. 6: overhead of uniformity estimation and alignment versus pre-training";
    }

    @Override
    public String paperClaim() {
        return "ImageNet-1K: uniformity 139.16 s and alignment 36.97 s against 133,766.19 s of BYOL pre-training "
                + "(0.10% and 0.03%)";
    }

    @Override
    public Class<Config> configType() {
        return Config.class;
    }

    @Override
    public List<String> variants(Config c) {
        return c.methods();
    }

    @Override
    public List<ResultRow> runCell(String variant, long seed, Config c, CellContext ctx) throws Exception {
        Workload w = Workload.of(c.workload());
        ctx.run().dataset(Workload.title(c.workload()) + " unlabelled", w.unlabelled().sha256());
        if (!"coopt".equals(variant)) {
            return Rows.of(id(), variant, seed, Pipeline.ssl(variant, w, c.budget(), ctx.seeds()));
        }
        PlatformSettings ps = c.coopt().platform(c.priors().size(), ctx.seeds());
        // one after another: the stage times below are sums over participants, the share of a serial optimize step
        MethodOutcome o = Pipeline.cooptZoo(w, c.priors(), ps, c.budget(), ctx.seeds(), ctx.scratch(),
                ParticipantParallelism.serial());
        PlatformTimes t = PlatformTimes.of(o.requireProtocol());
        double optimize = o.stageSeconds().getOrDefault("optimize", Double.NaN);
        List<ResultRow> rows = new ArrayList<>(Rows.of(id(), variant, seed, o));
        rows.add(new ResultRow(id(), variant, seed, "time_extract_s", t.extract()));
        rows.add(new ResultRow(id(), variant, seed, "time_uniformity_s", t.uniformity()));
        rows.add(new ResultRow(id(), variant, seed, "time_align_s", t.align()));
        rows.add(new ResultRow(id(), variant, seed, "time_platform_other_s",
                optimize - t.extract() - t.uniformity() - t.align()));
        rows.add(new ResultRow(id(), variant, seed, "time_train_s", o.stageSeconds().getOrDefault("train", Double.NaN)));
        return rows;
    }

    /** The stages of the coopt variant in table order: label → metric. */
    static final Map<String, String> STAGES = stages();

    private static Map<String, String> stages() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("feature extraction", "time_extract_s");
        m.put("uniformity value (Eq. 3)", "time_uniformity_s");
        m.put("alignment (Eq. 4)", "time_align_s");
        m.put("projection, merge, files", "time_platform_other_s");
        m.put("student training", "time_train_s");
        return m;
    }

    @Override
    public void report(List<ResultRow> rows, Config c, Path runDir) throws IOException {
        CategoryChart chart = new CategoryChartBuilder().width(820).height(480)
                .title("Tab. 6: wall time per stage of one CoOpt run (log scale)").xAxisTitle("stage")
                .yAxisTitle("seconds").build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setXAxisLabelRotation(20);
        List<String> names = new ArrayList<>();
        List<Number> secs = new ArrayList<>();
        STAGES.forEach((label, metric) -> {
            double v = RunReport.mean(rows, "coopt", metric);
            if (v > 0) {
                names.add(label.replaceAll(" \\(.*\\)", "").replace("projection, merge, files", "projection etc."));
                secs.add(v);
            }
        });
        for (String v : RunReport.variants(rows)) {
            if (!"coopt".equals(v) && RunReport.mean(rows, v, "pretrain_s") > 0) {
                names.add(v + " (SSL)");
                secs.add(RunReport.mean(rows, v, "pretrain_s"));
            }
        }
        if (!names.isEmpty()) {
            double min = secs.stream().mapToDouble(Number::doubleValue).min().orElse(1);
            chart.getStyler().setYAxisMin(Math.pow(10, Math.floor(Math.log10(min))));
            chart.addSeries("seconds", names, secs);
            Figures.save(chart, RunReport.figureBase(runDir, id()));
        }
        RunReport.writeText(runDir, id() + ".md", markdown(rows, RunReport.provenanceLine(runDir), c));
    }

    /** The markdown body (stage times, paper, verdict, disclosure) for {@code figures/table6.md}. */
    static String markdown(List<ResultRow> rows, String provenance, Config c) throws IOException {
        StringBuilder md = new StringBuilder("# Table 6: overhead of uniformity and alignment ("
                + Workload.title(c.workload()) + ")\n\n");
        md.append(provenance).append("\n\n");
        md.append(RunReport.budgetLine(c.workload(), c.budget(), RunReport.unlabelledImages(c.workload())));
        md.append(String.format(Locale.ROOT, "One CoOpt run with %d participants (%s), d = %d, shared fraction %s, "
                + "alignment to the %s prior; times are summed over participants.%n%n", c.priors().size(),
                String.join(", ", c.priors()), c.coopt().dim(), c.coopt().sharedFraction(),
                c.coopt().alignment().label()));
        double total = RunReport.mean(rows, "coopt", "pretrain_s");
        md.append("| stage | wall time (s) | share of CoOpt pre-training |\n|---|---|---|\n");
        STAGES.forEach((label, metric) -> {
            double v = RunReport.mean(rows, "coopt", metric);
            md.append(String.format(Locale.ROOT, "| %s | %.3f ± %.3f | %.2f%% |%n", label, v,
                    RunReport.std(rows, "coopt", metric), 100 * v / total));
        });
        md.append(String.format(Locale.ROOT, "| **CoOpt pre-training (all of the above)** | %.3f | 100%% |%n", total));
        String ssl = null;
        for (String v : RunReport.variants(rows)) {
            if (!"coopt".equals(v)) {
                md.append(String.format(Locale.ROOT, "| %s pre-training (same budget) | %.3f | %.1f%% |%n", v,
                        RunReport.mean(rows, v, "pretrain_s"), 100 * RunReport.mean(rows, v, "pretrain_s") / total));
                ssl = ssl == null ? v : ssl;
            }
        }
        md.append(String.format(Locale.ROOT, "%n± is the sample standard deviation over %d seed%s (0 with one seed).%n",
                RunReport.values(rows, "coopt", "pretrain_s").length,
                RunReport.values(rows, "coopt", "pretrain_s").length == 1 ? "" : "s"));
        md.append(String.format(Locale.ROOT, "%nPaper (Tab. 6, ImageNet-1K): BYOL %,.2f s, uniformity value %.2f s "
                + "(%.2f%% of BYOL), alignment %.2f s (%.3f%%).%n%n", PAPER_BYOL_S, PAPER_UNIFORMITY_S,
                100 * PAPER_UNIFORMITY_S / PAPER_BYOL_S, PAPER_ALIGN_S, 100 * PAPER_ALIGN_S / PAPER_BYOL_S));
        md.append(RunReport.priorTable(c.workload().zooPreset(), c.priors()));
        md.append(verdict(rows, ssl)).append("\n\n");
        md.append(RunReport.timingNote(rows));
        return md.toString();
    }

    /**
     * The share (%) of uniformity plus alignment time counted as negligible <b>(decision)</b>: 5%. The paper's own
     * share is 0.13% of BYOL on ImageNet-1K; 5% leaves room for the tiny pre-training of the CPU presets.
     */
    static final double NEGLIGIBLE_PERCENT = 5.0;

    /**
     * Per seed, 100 · (uniformity + alignment time) / {@code denominator metric} of {@code denominatorVariant}, over
     * the seeds that have all three numbers (ascending).
     */
    static double[] sharePerSeed(List<ResultRow> rows, String denominatorVariant, String denominatorMetric) {
        SortedMap<Long, Double> u = RunReport.bySeed(rows, "coopt", "time_uniformity_s");
        SortedMap<Long, Double> a = RunReport.bySeed(rows, "coopt", "time_align_s");
        SortedMap<Long, Double> d = RunReport.bySeed(rows, denominatorVariant, denominatorMetric);
        return u.keySet().stream().filter(k -> a.containsKey(k) && d.containsKey(k))
                .mapToDouble(k -> 100 * (u.get(k) + a.get(k)) / d.get(k)).toArray();
    }

    /**
     * "negligible" judged on per-seed shares: holds when the mean share is below {@link #NEGLIGIBLE_PERCENT} and the
     * one-sample t-test against it gives p &lt; 0.05 ({@link RunReport#outcome}); with one seed, no test.
     */
    static String negligible(double[] shares) {
        double mean = Arrays.stream(shares).average().orElse(Double.NaN);
        double max = Arrays.stream(shares).max().orElse(Double.NaN);
        double p = RunReport.oneSampleP(shares, NEGLIGIBLE_PERCENT);
        return String.format(Locale.ROOT, "%s (mean %.2f%%, largest %.2f%% over %d seed%s; %s)",
                RunReport.outcome(mean < NEGLIGIBLE_PERCENT, p), mean, max, shares.length, shares.length == 1 ? "" : "s",
                Double.isNaN(p) ? "one seed: no test" : "p = " + Verdict.p(p) + ", one-sample t-test against "
                        + String.format(Locale.ROOT, "%.0f%%", NEGLIGIBLE_PERCENT));
    }

    /**
     * The verdict on the claim that uniformity and alignment are a negligible share (under
     * {@link #NEGLIGIBLE_PERCENT}) of pre-training, from the per-seed shares of CoOpt's own pre-training time and,
     * when an SSL method ran, of its pre-training time (the paper's comparison).
     */
    static String verdict(List<ResultRow> rows, String ssl) {
        double u = RunReport.mean(rows, "coopt", "time_uniformity_s");
        double a = RunReport.mean(rows, "coopt", "time_align_s");
        double train = RunReport.mean(rows, "coopt", "time_train_s");
        double[] shares = sharePerSeed(rows, "coopt", "pretrain_s");
        double share = Arrays.stream(shares).average().orElse(Double.NaN);
        double paperShare = 100 * (PAPER_UNIFORMITY_S + PAPER_ALIGN_S) / PAPER_BYOL_S;
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "Here uniformity and alignment take %.3f s + "
                + "%.3f s = %.2f%% of CoOpt's pre-training time (%.2f%% of the student training alone; paper %.2f%% "
                + "of BYOL).%n%n", u, a, share, 100 * (u + a) / train, paperShare));
        s.append(String.format(Locale.ROOT, "**Verdict.** Negligible (under %.0f%%) against CoOpt's pre-training: %s.",
                NEGLIGIBLE_PERCENT, negligible(shares)));
        if (ssl != null) {
            double[] sslShares = sharePerSeed(rows, ssl, "pretrain_s");
            if (sslShares.length > 0) {
                s.append(String.format(Locale.ROOT, " Against %s's pre-training (the paper's comparison): %s.", ssl,
                        negligible(sslShares)));
            }
        }
        s.append(share > paperShare ? " The share is larger than the paper's because pre-training here is tiny next to "
                + "ImageNet-1K pre-training, while the shared set has at least 2d images whatever the data size."
                : " The share is no larger than the paper's.");
        return s.toString();
    }
}
