package org.coopt.experiments.experiments;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
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
import org.coopt.experiments.pipeline.Pipeline;
import org.coopt.experiments.pipeline.Workload;
import org.coopt.experiments.pipeline.WorkloadSettings;
import org.coopt.experiments.report.Figures;
import org.coopt.experiments.report.RunReport;
import org.coopt.experiments.report.Verdict;
import org.coopt.workbench.coopt.Alignment;
import org.coopt.workbench.coopt.ParticipantParallelism;

/**
 * Paper Tab. 2: centralized optimization — each of P priors used alone (K = 1) on the whole unlabelled
 * set — against CoOpt with the P priors split over P participants, each optimizing 1/P of the data.
 * Every variant then trains the same student under the same budget and is scored by the same probe.
 *
 * <p>Time accounting (the paper's "Time (s)" is the data-optimization time): for a centralized run it is
 * the single participant's optimize step over all N images plus the platform steps; for CoOpt it is
 * {@code optimize_parallel_s} (see {@link PriorSetCell}): the slowest participant's optimize step over its
 * N/P share, as if the participants ran in parallel, plus the serial platform steps (alignment, uploads,
 * merge). Table 2 runs the in-process participants one after another ({@link ParticipantParallelism#serial()}), each on
 * all cores, so that each participant's time is what it would take on its own machine; the serial total
 * ({@code stage_s:optimize}) is also reported. Student-training time is reported separately; it is the
 * same work for every variant.
 *
 * <p>Verdicts (METHOD.md §7) come from Welch's t-test over seeds: CoOpt's accuracy against the per-seed mean of the
 * centralized variants (and against the best single prior), and its parallel optimization time against theirs.
 * Optional references (METHOD.md §7b) run under the same budget.
 */
public final class Table2 implements Experiment<Table2.Config> {
    static final String COOPT = "coopt";
    static final String CENTRAL = "central:";
    static final double PAPER_CENTRAL_ACC = 62.1;
    static final double PAPER_COOPT_ACC = 65.8;
    static final double PAPER_CENTRAL_S = 23.71;
    static final double PAPER_COOPT_S = 16.31;

    /**
     * @param workload       the images
     * @param budget         the student's training budget (same for every variant)
     * @param priors         the P zoo prior ids (each alone = one centralized variant; together = CoOpt)
     * @param coopt          CoOpt's settings (d, shared fraction, alignment, solver, λ; {@link CooptSettings})
     * @param references     reference variants (METHOD.md §7b): raw-pixels, untrained, supervised, coopt-human (CoOpt
     *                       with the human prior at each of the P participants); null or empty for none
     */
    public record Config(WorkloadSettings workload, Budget budget, List<String> priors,
                         CooptSettings coopt, List<String> references) {
        public Config {
            coopt = coopt == null ? CooptSettings.defaults() : coopt;
            references = PriorSetCell.references("table2", references, true);
            if (workload == null || budget == null || priors == null || priors.size() < 2) {
                throw new IllegalArgumentException("table2 needs workload, budget and at least 2 priors");
            }
        }
    }

    @Override
    public String id() {
        return "table2";
    }

    @Override
    public String title() {
        return "Tab. 2: centralized optimization (each prior alone on all data) vs CoOpt (priors split over participants)";
    }

    @Override
    public String paperClaim() {
        return "CIFAR-100, 10 priors: centralized mean 62.1% in 23.71 s vs CoOpt 65.8% in 16.31 s";
    }

    @Override
    public Class<Config> configType() {
        return Config.class;
    }

    @Override
    public List<String> variants(Config c) {
        List<String> v = new ArrayList<>();
        for (String p : c.priors()) {
            v.add(CENTRAL + p);
        }
        v.add(COOPT);
        v.addAll(c.references());
        return v;
    }

    @Override
    public List<ResultRow> runCell(String variant, long seed, Config c, CellContext ctx) throws Exception {
        Workload w = Workload.of(c.workload());
        ctx.run().dataset(Workload.title(c.workload()) + " unlabelled", w.unlabelled().sha256());
        if (Pipeline.COOPT_HUMAN.equals(variant)) {
            return PriorSetCell.coopt(id(), variant, seed, w, Collections.nCopies(c.priors().size(), "human"),
                    c.coopt(), c.budget(), ctx, ParticipantParallelism.serial());
        }
        if (c.references().contains(variant)) {
            return PriorSetCell.reference(id(), variant, variant, seed, w, c.budget(), ctx.seeds());
        }
        List<String> priors = COOPT.equals(variant) ? c.priors() : List.of(variant.substring(CENTRAL.length()));
        return PriorSetCell.coopt(id(), variant, seed, w, priors, c.coopt(),
                c.budget(), ctx, ParticipantParallelism.serial());
    }

    /** Centralized mean and CoOpt, from the rows: accuracy and optimization time (parallel accounting). */
    record Headline(double centralAcc, double centralSeconds, double cooptAcc, double cooptSeconds,
                    double cooptSerialSeconds, double bestCentralAcc) {}

    static Headline headline(List<ResultRow> rows) {
        double acc = 0;
        double sec = 0;
        double best = Double.NEGATIVE_INFINITY;
        int n = 0;
        for (String v : RunReport.variants(rows)) {
            if (v.startsWith(CENTRAL)) {
                double a = RunReport.mean(rows, v, "probe_acc");
                acc += a;
                sec += RunReport.mean(rows, v, "optimize_parallel_s");
                best = Math.max(best, a);
                n++;
            }
        }
        return new Headline(n == 0 ? Double.NaN : acc / n, n == 0 ? Double.NaN : sec / n,
                RunReport.mean(rows, COOPT, "probe_acc"), RunReport.mean(rows, COOPT, "optimize_parallel_s"),
                RunReport.mean(rows, COOPT, "stage_s:optimize"), n == 0 ? Double.NaN : best);
    }

    /** The centralized variants present in the rows, in order. */
    static List<String> centralized(List<ResultRow> rows) {
        return RunReport.variants(rows).stream().filter(v -> v.startsWith(CENTRAL)).toList();
    }

    /**
     * Per seed, the mean of {@code metric} over the centralized variants: the per-seed values of the paper's
     * "centralized (mean)" row, over the seeds on which every centralized variant ran (ascending).
     */
    static double[] centralizedPerSeed(List<ResultRow> rows, String metric) {
        List<String> central = centralized(rows);
        if (central.isEmpty()) {
            return new double[0];
        }
        List<SortedMap<Long, Double>> by = central.stream().map(v -> RunReport.bySeed(rows, v, metric)).toList();
        List<Long> seeds = new ArrayList<>(by.get(0).keySet());
        by.forEach(m -> seeds.retainAll(m.keySet()));
        return seeds.stream().mapToDouble(s -> by.stream().mapToDouble(m -> m.get(s)).average().orElseThrow()).toArray();
    }

    /** The markdown body (table, paper numbers, computed verdict, disclosure) for {@code figures/table2.md}. */
    static String markdown(List<ResultRow> rows, Config c, String provenance) throws IOException {
        StringBuilder md = new StringBuilder("# Table 2: centralized vs collaborative optimization ("
                + Workload.title(c.workload()) + ")\n\n");
        md.append(provenance).append("\n\n");
        md.append(RunReport.budgetLine(c.workload(), c.budget(), RunReport.unlabelledImages(c.workload())));
        md.append("| variant | prior probe acc. (%) | student probe acc. (%) | probe train acc. (%) "
                + "| optimization time, parallel (s) | optimization time, serial (s) | slowest participant (s) "
                + "| student training (s) |\n|---|---|---|---|---|---|---|---|\n");
        List<String> main = new ArrayList<>(centralized(rows));
        if (RunReport.values(rows, COOPT, "probe_acc").length > 0) {
            main.add(COOPT);
        }
        for (String v : main) {
            md.append(String.format(Locale.ROOT, "| %s | %.1f | %s | %.2f | %.2f | %.2f | %.2f | %.1f |%n", v,
                    RunReport.mean(rows, v, "prior_acc_mean"), RunReport.meanStd(rows, v, "probe_acc"),
                    RunReport.mean(rows, v, "probe_train_acc"), RunReport.mean(rows, v, "optimize_parallel_s"),
                    RunReport.mean(rows, v, "stage_s:optimize"), RunReport.mean(rows, v, "participant_max_s"),
                    RunReport.mean(rows, v, "stage_s:train")));
        }
        Headline h = headline(rows);
        md.append(String.format(Locale.ROOT, "| **centralized (mean)** | | **%.2f** | | **%.2f** | | | |%n",
                h.centralAcc(), h.centralSeconds()));
        md.append("\n± is the sample standard deviation over seeds (0 with one seed). Time accounting: the optimization "
                + "time is the data-optimization step only (feature extraction, uniformity, projection, alignment, "
                + "merge), not the student's training. \"Parallel\" counts the participants' optimize steps as running "
                + "at the same time (the slowest one counts), as in the protocol; \"serial\" is what this "
                + "single-process simulation measured, one participant after another. A centralized run has one "
                + "participant processing all images, so both are equal.\n\n");
        md.append(RunReport.referenceTable(rows, c.references()));
        md.append(RunReport.priorTable(c.workload().zooPreset(), c.priors()));
        md.append(String.format(Locale.ROOT, "Paper (Tab. 2, CIFAR-100, 10 priors): centralized %.1f%% in %.2f s, "
                + "CoOpt %.1f%% in %.2f s (+%.1f points, %.2fx faster).%n%n", PAPER_CENTRAL_ACC, PAPER_CENTRAL_S,
                PAPER_COOPT_ACC, PAPER_COOPT_S, PAPER_COOPT_ACC - PAPER_CENTRAL_ACC, PAPER_CENTRAL_S / PAPER_COOPT_S));
        md.append(verdict(rows)).append("\n\n");
        md.append(RunReport.timingNote(rows));
        return md.toString();
    }

    /**
     * The verdicts (METHOD.md §7), from the per-seed values: accuracy, CoOpt above the centralized mean (per seed,
     * the mean over the centralized variants) and, as a stricter check, above the best single prior; time, CoOpt's
     * parallel optimization time below the centralized mean's. Welch's t-test over seeds for each.
     */
    static String verdict(List<ResultRow> rows) {
        double[] coopt = RunReport.values(rows, COOPT, "probe_acc");
        double[] central = centralizedPerSeed(rows, "probe_acc");
        if (coopt.length == 0 || central.length == 0) {
            return "**Verdict.** Not computed: CoOpt or the centralized variants did not run.";
        }
        Headline h = headline(rows);
        String best = null;
        for (String v : centralized(rows)) {
            if (best == null || RunReport.mean(rows, v, "probe_acc") > RunReport.mean(rows, best, "probe_acc")) {
                best = v;
            }
        }
        Verdict acc = Verdict.of(coopt, central, true);
        Verdict vsBest = Verdict.of(coopt, RunReport.values(rows, best, "probe_acc"), true);
        Verdict time = Verdict.of(RunReport.values(rows, COOPT, "optimize_parallel_s"),
                centralizedPerSeed(rows, "optimize_parallel_s"), false);
        double speed = h.centralSeconds() / h.cooptSeconds();
        return String.format(Locale.ROOT, "**Verdict.** Accuracy, CoOpt above the centralized mean: %s. Against the "
                        + "best single prior (%s): %s. Time, CoOpt's parallel optimization shorter than the centralized "
                        + "mean (%.2fx %s, %.2f s vs %.2f s): %s.",
                acc.sentence(" points"), best.substring(CENTRAL.length()), vsBest.sentence(" points"),
                speed >= 1 ? speed : 1 / speed, speed >= 1 ? "shorter" : "longer", h.cooptSeconds(), h.centralSeconds(),
                time.sentence(" s"));
    }

    @Override
    public void report(List<ResultRow> rows, Config c, Path runDir) throws IOException {
        Map<String, Double> acc = new LinkedHashMap<>();
        Map<String, Double> time = new LinkedHashMap<>();
        List<String> plotted = new ArrayList<>(centralized(rows));
        plotted.add(COOPT);
        for (String v : plotted) {
            acc.put(v.replace(CENTRAL, ""), RunReport.mean(rows, v, "probe_acc"));
            time.put(v.replace(CENTRAL, ""), RunReport.mean(rows, v, "optimize_parallel_s"));
        }
        Headline h = headline(rows);
        acc.put("centralized mean", h.centralAcc());
        time.put("centralized mean", h.centralSeconds());
        Map<String, double[][]> groups = new LinkedHashMap<>();
        for (String k : acc.keySet()) {
            groups.put(k, new double[][] {{time.get(k)}, {acc.get(k)}});
        }
        var chart = Figures.scatter("Tab. 2: centralized (each prior alone, K=1) vs CoOpt (K=" + c.priors().size() + ")",
                "data-optimization wall time, participants in parallel (s)", "student linear-probe accuracy (%)", groups);
        chart.getStyler().setMarkerSize(12);
        Figures.save(chart, RunReport.figureBase(runDir, id()));
        RunReport.writeText(runDir, id() + ".md", markdown(rows, c, RunReport.provenanceLine(runDir)));
    }
}
