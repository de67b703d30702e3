package org.coopt.experiments.experiments;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.coopt.experiments.CellContext;
import org.coopt.experiments.Experiment;
import org.coopt.experiments.ResultRow;
import org.coopt.experiments.pipeline.Budget;
import org.coopt.experiments.pipeline.CooptSettings;
import org.coopt.experiments.pipeline.MethodOutcome;
import org.coopt.experiments.pipeline.Pipeline;
import org.coopt.experiments.pipeline.Rows;
import org.coopt.experiments.pipeline.Workload;
import org.coopt.experiments.pipeline.WorkloadSettings;
import org.coopt.experiments.report.Figures;
import org.coopt.experiments.report.RunReport;
import org.coopt.experiments.report.Verdict;
import org.coopt.workbench.coopt.Alignment;
import org.coopt.workbench.coopt.PlatformSettings;
import org.coopt.workbench.run.Seeds;
import org.knowm.xchart.XYChart;

/**
 * Paper Fig. 5d and Tab. 8 (Sec. 4.4, App. B.6): how large must the public shared set S be? CoOpt is run with
 * the same priors, partition seed and student seed for each shared-set fraction, and the student's linear-probe
 * accuracy is plotted against the fraction. The platform enforces |S| ≥ 2·d (METHOD.md §2, alignment has d²
 * unknowns), so small fractions of a small pool are raised to 2·d: the actual |S| is recorded ({@code shared_size})
 * and is what the figure's x axis shows (as a fraction of the pool).
 *
 * <p>Every cell uses the run seed's platform and student seeds (not the per-variant cell seeds), so the fraction
 * is the only thing that changes between cells of a seed. Optional references (METHOD.md §7b) run under the same
 * budget and seeds. The claim is judged as non-inferiority of the smallest fraction against each larger one
 * ({@link #MARGIN}, Welch's t-test over seeds).
 */
public final class Fig5d implements Experiment<Fig5d.Config> {

    /**
     * @param workload  the images
     * @param budget    student training and probe budget
     * @param priors    zoo prior ids, one per participant
     * @param coopt     CoOpt's settings (d with |S| ≥ 2d, alignment, solver, λ; {@link CooptSettings}); its shared
     *                  fraction is replaced by each of {@code fractions}
     * @param fractions shared-set fractions of the unlabelled pool (variants), each in (0, 1]
     * @param references reference variants (METHOD.md §7b): raw-pixels, untrained, supervised; null or empty for none
     */
    public record Config(WorkloadSettings workload, Budget budget, List<String> priors, CooptSettings coopt,
                         List<Double> fractions, List<String> references) {
        public Config {
            coopt = coopt == null ? CooptSettings.defaults() : coopt;
            references = PriorSetCell.references("fig5d", references, false);
            if (workload == null || budget == null || priors == null || priors.size() < 2) {
                throw new IllegalArgumentException("fig5d needs workload, budget and at least 2 priors (alignment needs two)");
            }
            if (fractions == null || fractions.isEmpty() || fractions.stream().anyMatch(f -> !(f > 0 && f <= 1))) {
                throw new IllegalArgumentException("fig5d: fractions must be a non-empty list of values in (0, 1], got "
                        + fractions);
            }
        }
    }

    @Override
    public String id() {
        return "fig5d";
    }

    @Override
    public String title() {
        return "Fig. 5d / Tab. 8: CoOpt student accuracy vs shared-set fraction";
    }

    @Override
    public String paperClaim() {
        return "gains beyond ~0.05% shared data are marginal (CIFAR-10/100); on ImageNet-1K 0.001% gives 68.8 vs 68.7 at 0.1% (BYOL 61.9)";
    }

    @Override
    public Class<Config> configType() {
        return Config.class;
    }

    /** Variant name of a fraction: its percentage, e.g. {@code 0.05%}. */
    static String variantOf(double fraction) {
        return String.format(Locale.ROOT, "%s%%", new java.math.BigDecimal(Double.toString(100 * fraction))
                .round(new java.math.MathContext(6)).stripTrailingZeros().toPlainString());
    }

    /** The fraction of a variant name written by {@link #variantOf}. */
    static double fractionOf(String variant) {
        if (!variant.endsWith("%")) {
            throw new IllegalArgumentException("fig5d variant must be a percentage like 0.05%, got " + variant);
        }
        return Double.parseDouble(variant.substring(0, variant.length() - 1)) / 100;
    }

    @Override
    public List<String> variants(Config c) {
        List<String> v = new ArrayList<>(c.fractions().stream().map(Fig5d::variantOf).toList());
        v.addAll(c.references());
        return v;
    }

    @Override
    public List<ResultRow> runCell(String variant, long seed, Config c, CellContext ctx) throws Exception {
        Workload w = Workload.of(c.workload());
        ctx.run().dataset(Workload.title(c.workload()) + " unlabelled", w.unlabelled().sha256());
        Seeds common = new Seeds(seed);
        if (c.references().contains(variant)) {
            return PriorSetCell.reference(id(), variant, variant, seed, w, c.budget(), common);
        }
        double fraction = fractionOf(variant);
        PlatformSettings ps = c.coopt().withSharedFraction(fraction).platform(c.priors().size(), common);
        MethodOutcome o = Pipeline.cooptZoo(w, c.priors(), ps, c.budget(), common, ctx.scratch());
        List<ResultRow> rows = new ArrayList<>(Rows.of(id(), variant, seed, o));
        int s = ps.sharedSize(w.unlabelled().size());
        rows.add(new ResultRow(id(), variant, seed, "shared_size", s));
        rows.add(new ResultRow(id(), variant, seed, "shared_fraction_actual", 100.0 * s / w.unlabelled().size()));
        return rows;
    }

    /**
     * Non-inferiority margin (points) of "a very small shared set suffices" <b>(decision)</b>: the smallest fraction
     * holds against a larger one when its accuracy is above the larger one's minus one point with p &lt; 0.05
     * ({@link RunReport#noWorse}); the paper calls gains beyond ~0.05% marginal and reports 0.1 points on ImageNet-1K.
     */
    static final double MARGIN = 1.0;

    /**
     * The verdicts on the claim (METHOD.md §7): for every larger fraction, the smallest fraction no worse than it by
     * more than {@link #MARGIN}, Welch's t-test over the per-seed student accuracies on the smallest fraction's
     * accuracies shifted by the margin. {@code variants} are the fraction variants sorted by fraction.
     */
    static String verdict(List<ResultRow> rows, List<String> variants) {
        if (variants.size() < 2) {
            return "**Verdict.** Not computed: one shared-set fraction only.\n";
        }
        String small = variants.get(0);
        double[] a = RunReport.values(rows, small, "probe_acc");
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "**Verdicts** (a very small shared set "
                + "suffices: the smallest fraction, %s with |S| = %.0f, no worse than each larger fraction by more than "
                + "%.1f point; Welch's t-test over seeds on the smallest fraction's accuracies + %.1f):%n%n", small,
                RunReport.mean(rows, small, "shared_size"), MARGIN, MARGIN));
        for (String v : variants.subList(1, variants.size())) {
            double[] b = RunReport.values(rows, v, "probe_acc");
            if (a.length == 0 || b.length == 0) {
                continue;
            }
            Verdict nw = RunReport.noWorse(a, b, MARGIN);
            s.append(String.format(Locale.ROOT, "- %s against %s (|S| = %.0f): %s (%+.2f points; %s).%n", small, v,
                    RunReport.mean(rows, v, "shared_size"), nw.outcome(), nw.diff() - MARGIN, nw.evidence()));
        }
        return s.toString();
    }

    @Override
    public void report(List<ResultRow> rows, Config c, Path runDir) throws IOException {
        List<String> vs = new ArrayList<>(RunReport.variants(rows).stream()
                .filter(v -> !c.references().contains(v)).toList());
        vs.sort((a, b) -> Double.compare(fractionOf(a), fractionOf(b)));
        double[] acc = new double[vs.size()];
        double[] sizes = new double[vs.size()];
        double[] actual = new double[vs.size()];
        StringBuilder md = new StringBuilder("# Fig. 5d / Tab. 8: shared-set fraction ("
                + Workload.title(c.workload()) + ")\n\n");
        md.append(RunReport.provenanceLine(runDir)).append("\n\n");
        md.append(RunReport.budgetLine(c.workload(), c.budget(), RunReport.unlabelledImages(c.workload())));
        md.append(String.format(Locale.ROOT, "Priors: %s; d = %d, so |S| >= 2d = %d is enforced.%n%n", c.priors(), c.coopt().dim(),
                2 * c.coopt().dim()));
        md.append("| requested fraction | actual |S| | actual fraction (%) | student probe acc. (%) | probe train acc. (%) "
                + "| pre-training time (s) |\n|---|---|---|---|---|---|\n");
        for (int i = 0; i < vs.size(); i++) {
            String v = vs.get(i);
            acc[i] = RunReport.mean(rows, v, "probe_acc");
            sizes[i] = RunReport.mean(rows, v, "shared_size");
            actual[i] = RunReport.mean(rows, v, "shared_fraction_actual");
            md.append(String.format(Locale.ROOT, "| %s | %.0f | %.3f | %s | %.2f | %.1f |%n", v, sizes[i], actual[i],
                    RunReport.meanStd(rows, v, "probe_acc"), RunReport.mean(rows, v, "probe_train_acc"),
                    RunReport.mean(rows, v, "pretrain_s")));
        }
        md.append("\n± is the sample standard deviation over seeds (0 with one seed).\n\n");
        md.append(RunReport.referenceTable(rows, c.references()));
        md.append(RunReport.priorTable(c.workload().zooPreset(), c.priors()));
        md.append("Paper: ").append(paperClaim()).append(".\n\n");
        md.append(verdict(rows, vs)).append('\n');
        md.append(RunReport.timingNote(rows));
        XYChart chart = Figures.lines("Fig. 5d: CoOpt student accuracy vs shared-set size",
                "actual shared-set size |S| (log scale; fractions in the table)", "student linear-probe accuracy (%)",
                List.of(new Figures.Series("CoOpt (" + c.priors().size() + " priors, d = " + c.coopt().dim() + ")", sizes, acc)));
        chart.getStyler().setXAxisLogarithmic(true);
        // at least a 4-point window, so seed-level noise is not drawn as a trend
        double lo = java.util.Arrays.stream(acc).min().orElse(0);
        double hi = java.util.Arrays.stream(acc).max().orElse(100);
        double mid = (lo + hi) / 2;
        double half = Math.max(2, (hi - lo) / 2 + 0.5);
        chart.getStyler().setYAxisMin(Math.floor(mid - half));
        chart.getStyler().setYAxisMax(Math.ceil(mid + half));
        Figures.save(chart, RunReport.figureBase(runDir, id()));
        RunReport.writeText(runDir, id() + ".md", md.toString());
    }
}
