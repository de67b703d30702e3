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
import org.coopt.experiments.pipeline.Workload;
import org.coopt.experiments.pipeline.WorkloadSettings;
import org.coopt.experiments.report.Figures;
import org.coopt.experiments.report.RunReport;
import org.coopt.workbench.coopt.Alignment;

/**
 * Paper Fig. 5b: extreme case where every participant holds a weak prior. Each variant is a named prior
 * set (e.g. all early checkpoints, all random networks, all SSL priors — the paper's "Prior model
 * (BYOL)"), run through CoOpt, against the SSL baseline (BYOL) under the same budget. The per-epoch kNN
 * accuracy of the student (training dynamics) is the figure; the claim is about early training: even weak
 * priors beat the baseline in the first epochs.
 */
public final class Fig5b implements Experiment<Fig5b.Config> {

    /** A named set of zoo priors, one per participant. */
    public record PriorSet(String name, List<String> priors) {
        public PriorSet {
            if (name == null || name.isBlank() || priors == null || priors.isEmpty()) {
                throw new IllegalArgumentException("a prior set needs a name and at least one prior");
            }
        }
    }

    /**
     * @param workload       the images
     * @param budget         the shared budget (monitor must be knn for the curves)
     * @param priorSets      the weak prior sets, one CoOpt variant each
     * @param baseline       SSL baseline (byol)
     * @param dim            target dimension d
     * @param sharedFraction shared-set fraction
     * @param alignment      best, medium, worst or none
     */
    public record Config(WorkloadSettings workload, Budget budget, List<PriorSet> priorSets, String baseline,
                         int dim, double sharedFraction, String alignment) {
        public Config {
            if (workload == null || budget == null || priorSets == null || priorSets.isEmpty() || baseline == null) {
                throw new IllegalArgumentException("fig5b needs workload, budget, prior sets and a baseline");
            }
            if (!"knn".equals(budget.monitor())) {
                throw new IllegalArgumentException("fig5b plots training dynamics: set budget.monitor to knn");
            }
            Alignment.Choice.parse(alignment);
        }
    }

    @Override
    public String id() {
        return "fig5b";
    }

    @Override
    public String title() {
        return "Fig. 5b: all priors weak, at several accuracies, vs BYOL (training dynamics)";
    }

    @Override
    public String paperClaim() {
        return "CIFAR-100: a ~75%-accuracy prior still beats BYOL; even much weaker priors beat it in early training";
    }

    @Override
    public Class<Config> configType() {
        return Config.class;
    }

    @Override
    public List<String> variants(Config c) {
        List<String> v = new ArrayList<>();
        c.priorSets().forEach(p -> v.add(p.name()));
        v.add(c.baseline());
        return v;
    }

    @Override
    public List<ResultRow> runCell(String variant, long seed, Config c, CellContext ctx) throws Exception {
        Workload w = Workload.of(c.workload());
        ctx.run().dataset(Workload.title(c.workload()) + " unlabelled", w.unlabelled().sha256());
        if (variant.equals(c.baseline())) {
            return PriorSetCell.ssl(id(), variant, variant, seed, w, c.budget(), ctx);
        }
        PriorSet set = c.priorSets().stream().filter(p -> p.name().equals(variant)).findFirst().orElseThrow();
        return PriorSetCell.coopt(id(), variant, seed, w, set.priors(), c.dim(), c.sharedFraction(), c.alignment(),
                c.budget(), ctx);
    }

    /** kNN accuracy (%) at the first monitored epoch, mean over seeds, or NaN. */
    static double firstEpochAcc(List<ResultRow> rows, String variant) {
        Figures.Series s = RunReport.curve(rows, variant, "curve_wall_s", "curve_acc");
        return s == null ? Double.NaN : s.y()[0];
    }

    static String markdown(List<ResultRow> rows, Config c, String provenance) {
        StringBuilder md = new StringBuilder("# Fig. 5b: all priors weak vs " + c.baseline() + " ("
                + Workload.title(c.workload()) + ")\n\n");
        md.append(provenance).append("\n\n");
        md.append("| variant | priors | mean prior probe acc. (%) | kNN acc. after epoch 1 (%) | final probe acc. (%) "
                + "| pre-training time (s) |\n|---|---|---|---|---|---|\n");
        for (String v : RunReport.variants(rows)) {
            PriorSet set = c.priorSets().stream().filter(p -> p.name().equals(v)).findFirst().orElse(null);
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %.2f | %.2f ± %.2f | %.1f |%n",
                    set == null ? v : "CoOpt " + v, set == null ? "– (raw images)" : String.join(", ", set.priors()),
                    set == null ? "–" : String.format(Locale.ROOT, "%.1f", RunReport.mean(rows, v, "prior_acc_mean")),
                    firstEpochAcc(rows, v), RunReport.mean(rows, v, "probe_acc"), RunReport.std(rows, v, "probe_acc"),
                    RunReport.mean(rows, v, "pretrain_s")));
        }
        md.append("\nPrior probe accuracy is each zoo prior's own linear probe on " + Workload.title(c.workload()) + " (the zoo's number). "
                + "Paper (Fig. 5b, CIFAR-100): ").append(c.baseline()).append(" is beaten in early training by every "
                + "weak prior set, and at the end by priors of about 75% accuracy; much weaker priors end below it.\n\n");
        md.append(verdict(rows, c)).append('\n');
        return md.toString();
    }

    static String verdict(List<ResultRow> rows, Config c) {
        double base1 = firstEpochAcc(rows, c.baseline());
        double baseEnd = RunReport.mean(rows, c.baseline(), "probe_acc");
        int early = 0;
        int end = 0;
        StringBuilder parts = new StringBuilder();
        for (PriorSet p : c.priorSets()) {
            double a1 = firstEpochAcc(rows, p.name());
            double aEnd = RunReport.mean(rows, p.name(), "probe_acc");
            if (a1 > base1) {
                early++;
            }
            if (aEnd > baseEnd) {
                end++;
            }
            parts.append(String.format(Locale.ROOT, "%s%s %+.2f after epoch 1, %+.2f at the end", parts.length() == 0 ? "" : "; ",
                    p.name(), a1 - base1, aEnd - baseEnd));
        }
        int n = c.priorSets().size();
        return String.format(Locale.ROOT, "Here, against %s: %s. %d of %d weak prior sets lead after the first epoch "
                        + "and %d of %d at the end of pre-training. The early-training claim %s.",
                c.baseline(), parts, early, n, end, n, early == n ? "holds for every set" : early > 0
                        ? "holds for some sets only" : "does not hold");
    }

    @Override
    public void report(List<ResultRow> rows, Config c, Path runDir) throws IOException {
        List<Figures.Series> byEpoch = new ArrayList<>();
        List<Figures.Series> byWall = new ArrayList<>();
        for (String v : RunReport.variants(rows)) {
            Figures.Series wall = RunReport.curve(rows, v, "curve_wall_s", "curve_acc");
            if (wall == null) {
                continue;
            }
            String label = v.equals(c.baseline()) ? v + " (baseline)" : String.format(Locale.ROOT, "CoOpt %s (priors %.0f%%)",
                    v, RunReport.mean(rows, v, "prior_acc_mean"));
            double[] epochs = new double[wall.x().length];
            for (int i = 0; i < epochs.length; i++) {
                epochs[i] = i + 1;
            }
            byEpoch.add(new Figures.Series(label, epochs, wall.y()));
            byWall.add(new Figures.Series(label, wall.x(), wall.y()));
        }
        if (!byEpoch.isEmpty()) {
            Figures.save(Figures.lines("Fig. 5b: weak priors only vs " + c.baseline() + " (kNN accuracy per epoch)",
                    "pre-training epoch", "kNN test accuracy (%)", byEpoch), RunReport.figureBase(runDir, id()));
            Figures.save(Figures.lines("Fig. 5b: weak priors only vs " + c.baseline() + " (kNN accuracy vs time)",
                    "pre-training wall time (s)", "kNN test accuracy (%)", byWall), RunReport.figureBase(runDir, id() + "-wall"));
        }
        RunReport.writeText(runDir, id() + ".md", markdown(rows, c, RunReport.provenanceLine(runDir)));
    }
}
