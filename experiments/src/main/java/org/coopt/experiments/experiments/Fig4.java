package org.coopt.experiments.experiments;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.coopt.experiments.CellContext;
import org.coopt.experiments.Experiment;
import org.coopt.experiments.ResultRow;
import org.coopt.experiments.pipeline.Budget;
import org.coopt.experiments.pipeline.CooptSettings;
import org.coopt.experiments.pipeline.MethodOutcome;
import org.coopt.experiments.pipeline.Pipeline;
import org.coopt.experiments.pipeline.Workload;
import org.coopt.experiments.pipeline.WorkloadSettings;
import org.coopt.experiments.pipeline.ZooPriors;
import org.coopt.experiments.report.Figures;
import org.coopt.experiments.report.RunReport;
import org.coopt.experiments.report.Verdict;
import org.coopt.workbench.coopt.Alignment;
import org.coopt.workbench.coopt.ContinuousOptimization;
import org.coopt.workbench.coopt.OptimizedDataset;
import org.coopt.workbench.coopt.PlatformSettings;
import org.coopt.workbench.prior.FeatureExtractor;
import org.coopt.workbench.prior.PriorModel;
import org.coopt.workbench.zoo.PriorZoo;
import org.coopt.workbench.util.Log;

/**
 * Paper Fig. 4 and App. B.4: continuous data optimization. Participants start with weak priors; in each round a
 * random share of them is offered an upgraded prior (the next id on its upgrade ladder, e.g. weak checkpoint →
 * supervised), the platform keeps, per subset, the targets of the prior with the lower uniformity value on S
 * ({@link ContinuousOptimization}), and a CoOpt student is trained and probed on each round's optimized dataset.
 * The headline is the accuracy gain from round 0 (all weak) to the last round, judged by Welch's t-test over seeds
 * (METHOD.md §7).
 *
 * <p>Variants are scenarios (which priors participants start from, what they upgrade to); a cell runs every
 * round of one scenario, so it resumes as a whole.
 */
public final class Fig4 implements Experiment<Fig4.Config> {

    /**
     * One continuous-optimization scenario.
     *
     * @param initial zoo prior ids of round 0, one per participant
     * @param ladders per participant, the zoo ids it upgrades to, in order (offered one per selection;
     *                once exhausted, the last is offered again)
     */
    public record Scenario(List<String> initial, List<List<String>> ladders) {
        public Scenario {
            if (initial == null || initial.isEmpty()) {
                throw new IllegalArgumentException("fig4: a scenario needs initial priors");
            }
            if (ladders == null || ladders.size() != initial.size() || ladders.stream().anyMatch(l -> l == null || l.isEmpty())) {
                throw new IllegalArgumentException("fig4: give one non-empty upgrade ladder per initial prior ("
                        + initial.size() + ")");
            }
        }
    }

    /**
     * @param workload       the images
     * @param budget         the student budget (one student per round)
     * @param scenarios      name → scenario (the variants, in order)
     * @param rounds         upgrade rounds after round 0 (paper: 10)
     * @param upgradeShare   share of participants upgrading per round, in (0, 1]
     * @param coopt          CoOpt's settings (d, shared fraction, alignment, solver, λ; {@link CooptSettings})
     */
    public record Config(WorkloadSettings workload, Budget budget, Map<String, Scenario> scenarios,
                         int rounds, double upgradeShare, CooptSettings coopt) {
        public Config {
            coopt = coopt == null ? CooptSettings.defaults() : coopt;
            if (workload == null || budget == null || scenarios == null || scenarios.isEmpty()) {
                throw new IllegalArgumentException("fig4 needs workload, budget and at least one scenario");
            }
            if (rounds < 1) {
                throw new IllegalArgumentException("fig4: rounds must be >= 1, got " + rounds);
            }
            new ContinuousOptimization.Settings(rounds, upgradeShare, 0);
        }
    }

    @Override
    public String id() {
        return "fig4";
    }

    @Override
    public String title() {
        return "Fig. 4 / App. B.4: continuous optimization, student accuracy over upgrade rounds";
    }

    @Override
    public String paperClaim() {
        return "+4.6 points over 10 rounds on CIFAR-100 as a random share of participants upgrades its prior each round";
    }

    @Override
    public Class<Config> configType() {
        return Config.class;
    }

    @Override
    public List<String> variants(Config c) {
        return List.copyOf(c.scenarios().keySet());
    }

    /** Offers each participant the next rung of its ladder, staying on the last rung once reached. */
    static final class Ladder implements ContinuousOptimization.Upgrades {
        private final String preset;
        private final List<List<String>> ladders;
        private final int[] offered;

        Ladder(String preset, List<List<String>> ladders) {
            this.preset = preset;
            this.ladders = ladders;
            this.offered = new int[ladders.size()];
        }

        /** The id offered to {@code participant} at its next selection (advances the ladder). */
        String next(int participant) {
            List<String> l = ladders.get(participant);
            return l.get(Math.min(offered[participant]++, l.size() - 1));
        }

        @Override
        public PriorModel upgrade(int round, int participant) throws IOException {
            return PriorZoo.open(preset, ZooPriors.entry(preset, next(participant)));
        }
    }

    @Override
    public List<ResultRow> runCell(String variant, long seed, Config c, CellContext ctx) throws Exception {
        Workload w = Workload.of(c.workload());
        ctx.run().dataset(Workload.title(c.workload()) + " unlabelled", w.unlabelled().sha256());
        Scenario sc = c.scenarios().get(variant);
        List<PriorModel> initial = ZooPriors.open(w.zooPreset(), sc.initial());
        List<ContinuousOptimization.Round> rounds;
        long t0 = System.nanoTime();
        try {
            PlatformSettings ps = c.coopt().platform(initial.size(), ctx.seeds());
            rounds = ContinuousOptimization.run(ctx.scratch().resolve("continuous"), ps, w.unlabelled(), null, initial,
                    new Ladder(w.zooPreset(), sc.ladders()),
                    new ContinuousOptimization.Settings(c.rounds(), c.upgradeShare(), ctx.seeds().child("upgrades")),
                    new FeatureExtractor(ctx.scratch().resolve("feature-cache"), FeatureExtractor.DEFAULT_BATCH));
        } finally {
            ZooPriors.close(initial);
        }
        double optimizeSeconds = (System.nanoTime() - t0) / 1e9;
        List<ResultRow> rows = new ArrayList<>();
        rows.add(new ResultRow(id(), variant, seed, "optimize_s", optimizeSeconds));
        for (ContinuousOptimization.Round r : rounds) {
            try (OptimizedDataset od = OptimizedDataset.open(r.merged())) {
                Log.infof("[fig4] training the student of round %d (priors %s)", r.round(), r.priorIds());
                MethodOutcome o = Pipeline.student("coopt-round-" + r.round(), od, w, c.budget(),
                        ctx.seeds().split("student"), Map.of());
                int at = r.round();
                rows.add(new ResultRow(id(), variant, seed, "round_acc", 100 * o.probe().accuracy(), at));
                rows.add(new ResultRow(id(), variant, seed, "round_probe_train_acc", 100 * o.probe().trainAccuracy(), at));
                rows.add(new ResultRow(id(), variant, seed, "round_train_s", o.pretrainSeconds(), at));
                rows.add(new ResultRow(id(), variant, seed, "round_upgrading", r.upgrading().size(), at));
                rows.add(new ResultRow(id(), variant, seed, "round_accepted", r.accepted().size(), at));
                rows.add(new ResultRow(id(), variant, seed, "round_upgraded_total", countUpgraded(sc.initial(), r.priorIds()), at));
                double meanU = 0;
                for (double u : r.uniformity()) {
                    meanU += u / r.uniformity().length;
                }
                rows.add(new ResultRow(id(), variant, seed, "round_mean_u", meanU, at));
            }
        }
        return rows;
    }

    /** How many participants hold a prior other than their initial one. */
    static int countUpgraded(List<String> initial, List<String> kept) {
        int n = 0;
        for (int i = 0; i < initial.size(); i++) {
            if (!initial.get(i).equals(kept.get(i))) {
                n++;
            }
        }
        return n;
    }

    /**
     * The verdict on the claim for one scenario (METHOD.md §7): the student of the last round above the student of
     * round 0, Welch's t-test over the per-seed probe accuracies; the gain set against the paper's +4.6.
     */
    static String verdict(List<ResultRow> rows, String scenario, int rounds) {
        double[] first = RunReport.values(rows, scenario, "round_acc", 0);
        double[] last = RunReport.values(rows, scenario, "round_acc", rounds);
        if (first.length == 0 || last.length == 0) {
            return "not computed: round 0 or round " + rounds + " is missing.";
        }
        Verdict v = Verdict.of(last, first, true);
        return String.format(Locale.ROOT, "from round 0 (%.2f%%) to round %d (%.2f%%) the student gains %+.2f points "
                        + "(paper: +4.6 over 10 rounds on CIFAR-100). Continuous upgrades improve the optimized data, "
                        + "round %d above round 0: %s.", RunReport.mean(rows, scenario, "round_acc", 0), rounds,
                RunReport.mean(rows, scenario, "round_acc", rounds), v.diff(), rounds, v.sentence(" points"));
    }

    @Override
    public void report(List<ResultRow> rows, Config c, Path runDir) throws IOException {
        int n = c.rounds() + 1;
        StringBuilder md = new StringBuilder("# Fig. 4: continuous optimization over rounds ("
                + Workload.title(c.workload()) + ")\n\n");
        md.append(RunReport.provenanceLine(runDir)).append("\n\n");
        md.append(RunReport.budgetLine(c.workload(), c.budget(), RunReport.unlabelledImages(c.workload())));
        md.append(String.format(Locale.ROOT, "%.0f%% of participants drawn per round; %d rounds (paper: 10). A student is "
                + "trained on each round's optimized data with the same seed.%n", 100 * c.upgradeShare(), c.rounds()));
        List<Figures.Series> series = new ArrayList<>();
        StringBuilder verdicts = new StringBuilder();
        for (String v : RunReport.variants(rows)) {
            Scenario sc = c.scenarios().get(v);
            double[] x = new double[n];
            double[] acc = new double[n];
            md.append(String.format(Locale.ROOT, "%n## Scenario %s%n%nRound 0 priors: %s; upgrade ladders: %s.%n%n", v,
                    sc == null ? "?" : sc.initial(), sc == null ? "?" : sc.ladders()));
            md.append("| round | upgrading | accepted (lower U) | participants upgraded so far | mean U | student probe acc. (%) "
                    + "| probe train acc. (%) |\n|---|---|---|---|---|---|---|\n");
            for (int r = 0; r < n; r++) {
                x[r] = r;
                acc[r] = RunReport.mean(rows, v, "round_acc", r);
                md.append(String.format(Locale.ROOT, "| %d | %.0f | %.0f | %.0f | %.3f | %.2f ± %.2f | %.2f |%n", r,
                        RunReport.mean(rows, v, "round_upgrading", r), RunReport.mean(rows, v, "round_accepted", r),
                        RunReport.mean(rows, v, "round_upgraded_total", r), RunReport.mean(rows, v, "round_mean_u", r),
                        acc[r], RunReport.std(rows, v, "round_acc", r),
                        RunReport.mean(rows, v, "round_probe_train_acc", r)));
            }
            series.add(new Figures.Series(v, x, acc));
            verdicts.append("- ").append(v).append(": ").append(verdict(rows, v, c.rounds())).append('\n');
        }
        md.append("\n± is the sample standard deviation over seeds (0 with one seed); the probe train accuracy is the "
                + "linear probe's accuracy on its own train split.\n\n");
        List<String> priors = new ArrayList<>();
        c.scenarios().values().forEach(sc -> {
            priors.addAll(sc.initial());
            sc.ladders().forEach(priors::addAll);
        });
        md.append(RunReport.priorTable(c.workload().zooPreset(), priors));
        md.append("Paper: ").append(paperClaim()).append(".\n\n");
        md.append("**Verdicts** (Welch's t-test over seeds):\n\n").append(verdicts);
        org.knowm.xchart.XYChart chart = Figures.lines("Fig. 4: continuous optimization, CoOpt student accuracy per round",
                "round", "student linear-probe accuracy (%)", series);
        // at least a 4-point window, so seed-level noise is not drawn as a trend
        double lo = series.stream().flatMapToDouble(t -> java.util.Arrays.stream(t.y())).min().orElse(0);
        double hi = series.stream().flatMapToDouble(t -> java.util.Arrays.stream(t.y())).max().orElse(100);
        double half = Math.max(2, (hi - lo) / 2 + 0.5);
        chart.getStyler().setYAxisMin(Math.floor((lo + hi) / 2 - half));
        chart.getStyler().setYAxisMax(Math.ceil((lo + hi) / 2 + half));
        Figures.save(chart, RunReport.figureBase(runDir, id()));
        RunReport.writeText(runDir, id() + ".md", md.toString());
    }
}
