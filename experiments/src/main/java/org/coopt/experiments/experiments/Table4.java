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
import org.coopt.experiments.pipeline.Rows;
import org.coopt.experiments.pipeline.Workload;
import org.coopt.experiments.pipeline.WorkloadSettings;
import org.coopt.experiments.report.Figures;
import org.coopt.experiments.report.RunReport;
import org.coopt.experiments.report.Verdict;
import org.coopt.workbench.coopt.Alignment;
import org.coopt.workbench.coopt.PlatformSettings;
import org.coopt.workbench.run.Seeds;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * Paper Tab. 4 and App. B.3: which data should the priors have been trained on? Each variant is one prior set
 * (e.g. supervised on the Fashion-MNIST prior pool, SimCLR on that pool, supervised on MNIST-10k, each over the
 * zoo's architectures); CoOpt runs with that set and its student is probed. An optional {@code byol} variant is
 * the paper's reference column. Every CoOpt cell uses the run seed's platform and student seeds, so the prior
 * set is the only difference between cells. Verdicts (METHOD.md §7) are Welch's t-tests over seeds for every
 * in-domain/out-of-domain pair and every prior set against BYOL; optional references (METHOD.md §7b) run under the
 * same budget and seeds.
 */
public final class Table4 implements Experiment<Table4.Config> {

    /** The reserved variant name of the BYOL reference. */
    static final String BYOL = "byol";

    /** Paper Tab. 4, CIFAR-10 students: accuracy (%) by prior-set name of the paper preset, and BYOL. */
    static final Map<String, Double> PAPER = Map.of("cifar10", 86.6, "cifar100", 80.9, "tiny-imagenet", 81.6,
            "imagenet-1k", 88.1);
    static final double PAPER_BYOL = 82.8;

    /**
     * @param workload       the images
     * @param budget         the shared budget (student and BYOL)
     * @param priorSets      name → zoo prior ids (one participant each); names are the variants, in order
     * @param inDomain       names of the sets trained on the unlabelled data's domain (Fashion-MNIST), for the verdict
     * @param byol           whether to add the BYOL reference
     * @param coopt          CoOpt's settings (d, shared fraction, alignment, solver, λ; {@link CooptSettings})
     * @param references     reference variants (METHOD.md §7b): raw-pixels, untrained, supervised; null or empty
     *                       for none (coopt-human is a prior set of human priors here)
     */
    public record Config(WorkloadSettings workload, Budget budget, Map<String, List<String>> priorSets, List<String> inDomain,
                         boolean byol, CooptSettings coopt, List<String> references) {
        public Config {
            coopt = coopt == null ? CooptSettings.defaults() : coopt;
            references = PriorSetCell.references("table4", references, false);
            if (workload == null || budget == null || priorSets == null || priorSets.isEmpty()) {
                throw new IllegalArgumentException("table4 needs workload, budget and at least one prior set");
            }
            if (priorSets.containsKey(BYOL) || priorSets.keySet().stream().anyMatch(Pipeline.REFERENCES::contains)
                    || priorSets.values().stream().anyMatch(l -> l == null || l.isEmpty())) {
                throw new IllegalArgumentException("table4: prior sets must be non-empty and not named 'byol' or like a "
                        + "reference (" + String.join(", ", Pipeline.REFERENCES) + ")");
            }
            if (inDomain == null || !priorSets.keySet().containsAll(inDomain)) {
                throw new IllegalArgumentException("table4: inDomain must name prior sets, got " + inDomain);
            }
        }
    }

    @Override
    public String id() {
        return "table4";
    }

    @Override
    public String title() {
        return "Tab. 4: CoOpt with priors trained on different datasets (in-domain vs out-of-domain)";
    }

    @Override
    public String paperClaim() {
        return "CIFAR-10 students: BYOL 82.8; priors from CIFAR-10 86.6, CIFAR-100 80.9, Tiny-ImageNet 81.6, "
                + "ImageNet-1K 88.1 - the largest, most general prior data helps most; simpler prior data can fall below BYOL";
    }

    @Override
    public Class<Config> configType() {
        return Config.class;
    }

    @Override
    public List<String> variants(Config c) {
        List<String> v = new ArrayList<>(c.priorSets().keySet());
        if (c.byol()) {
            v.add(BYOL);
        }
        v.addAll(c.references());
        return v;
    }

    @Override
    public List<ResultRow> runCell(String variant, long seed, Config c, CellContext ctx) throws Exception {
        Workload w = Workload.of(c.workload());
        ctx.run().dataset(Workload.title(c.workload()) + " unlabelled", w.unlabelled().sha256());
        Seeds common = new Seeds(seed);
        MethodOutcome o;
        if (c.references().contains(variant)) {
            return PriorSetCell.reference(id(), variant, variant, seed, w, c.budget(), common);
        } else if (BYOL.equals(variant)) {
            o = Pipeline.ssl(BYOL, w, c.budget(), common);
        } else {
            List<String> priors = c.priorSets().get(variant);
            PlatformSettings ps = c.coopt().platform(priors.size(), common);
            o = Pipeline.cooptZoo(w, priors, ps, c.budget(), common, ctx.scratch());
        }
        return Rows.of(id(), variant, seed, o);
    }

    /**
     * The paper's direction for "prior set A above prior set B" <b>(decision)</b>: with the paper preset's set names,
     * the order of the paper's Tab. 4 numbers; otherwise (the Fashion-MNIST analog, whose out-of-domain MNIST priors
     * are narrower and simpler than the in-domain ones) in-domain above out-of-domain, as the paper's CIFAR-10 priors
     * are above its CIFAR-100 and Tiny-ImageNet priors on CIFAR-10.
     */
    static boolean paperSaysAbove(String a, String b, List<String> inDomain) {
        if (PAPER.containsKey(a) && PAPER.containsKey(b)) {
            return PAPER.get(a) > PAPER.get(b);
        }
        return inDomain.contains(a) && !inDomain.contains(b);
    }

    /**
     * The paper's direction for "prior set A above BYOL" <b>(decision)</b>: with the paper preset's set names, the
     * paper's number against BYOL's 82.8; otherwise in-domain sets above BYOL and out-of-domain (simpler) sets below
     * it, as the paper's CIFAR-100 and Tiny-ImageNet priors fall below BYOL on CIFAR-10.
     */
    static boolean paperSaysAboveByol(String a, List<String> inDomain) {
        return PAPER.containsKey(a) ? PAPER.get(a) > PAPER_BYOL : inDomain.contains(a);
    }

    /**
     * The verdicts (METHOD.md §7), each Welch's t-test over the per-seed student accuracies: every in-domain set
     * against every out-of-domain set, and every prior set against BYOL when it ran, in the paper's direction
     * ({@link #paperSaysAbove}, {@link #paperSaysAboveByol}); and which set is best.
     */
    static String verdict(List<ResultRow> rows, Config c) {
        List<String> sets = c.priorSets().keySet().stream()
                .filter(v -> RunReport.values(rows, v, "probe_acc").length > 0).toList();
        StringBuilder s = new StringBuilder();
        String best = null;
        for (String v : sets) {
            if (best == null || RunReport.mean(rows, v, "probe_acc") > RunReport.mean(rows, best, "probe_acc")) {
                best = v;
            }
        }
        if (best != null) {
            s.append(String.format(Locale.ROOT, "The best prior set is %s (%.2f%%; %s).%n%n", best,
                    RunReport.mean(rows, best, "probe_acc"), c.inDomain().contains(best) ? "in-domain" : "out-of-domain"));
        }
        s.append("**Verdicts** (Welch's t-test over seeds; each pair in the paper's direction):\n\n");
        int lines = 0;
        for (String in : sets) {
            if (!c.inDomain().contains(in)) {
                continue;
            }
            for (String out : sets) {
                if (c.inDomain().contains(out)) {
                    continue;
                }
                boolean above = paperSaysAbove(in, out, c.inDomain());
                Verdict v = Verdict.of(RunReport.values(rows, in, "probe_acc"), RunReport.values(rows, out, "probe_acc"),
                        above);
                s.append(String.format(Locale.ROOT, "- in-domain %s %s out-of-domain %s: %s.%n", in,
                        above ? "above" : "below", out, v.sentence(" points")));
                lines++;
            }
        }
        double[] byol = RunReport.values(rows, BYOL, "probe_acc");
        if (byol.length > 0) {
            for (String set : sets) {
                boolean above = paperSaysAboveByol(set, c.inDomain());
                Verdict v = Verdict.of(RunReport.values(rows, set, "probe_acc"), byol, above);
                s.append(String.format(Locale.ROOT, "- %s (%s) %s BYOL: %s.%n", set,
                        c.inDomain().contains(set) ? "in-domain" : "out-of-domain", above ? "above" : "below",
                        v.sentence(" points")));
                lines++;
            }
        }
        if (lines == 0) {
            s.append("- none: the run has no in-domain/out-of-domain pair and no BYOL.\n");
        }
        return s.toString();
    }

    @Override
    public void report(List<ResultRow> rows, Config c, Path runDir) throws IOException {
        List<String> vs = RunReport.variants(rows).stream().filter(v -> !c.references().contains(v)).toList();
        double[] acc = new double[vs.size()];
        StringBuilder md = new StringBuilder("# Table 4: prior datasets ("
                + Workload.title(c.workload()) + " unlabelled pool)\n\n");
        md.append(RunReport.provenanceLine(runDir)).append("\n\n");
        md.append(RunReport.budgetLine(c.workload(), c.budget(), RunReport.unlabelledImages(c.workload())));
        md.append("| prior set | priors | prior data | student probe acc. (%) | probe train acc. (%) "
                + "| pre-training time (s) |\n|---|---|---|---|---|---|\n");
        for (int i = 0; i < vs.size(); i++) {
            String v = vs.get(i);
            acc[i] = RunReport.mean(rows, v, "probe_acc");
            String data = BYOL.equals(v) ? "none (SSL)" : c.inDomain().contains(v) ? "in-domain" : "out-of-domain";
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %.2f | %.1f |%n", v,
                    BYOL.equals(v) ? "-" : String.join(", ", c.priorSets().get(v)), data,
                    RunReport.meanStd(rows, v, "probe_acc"), RunReport.mean(rows, v, "probe_train_acc"),
                    RunReport.mean(rows, v, "pretrain_s")));
        }
        md.append("\n± is the sample standard deviation over seeds (0 with one seed).\n\n");
        md.append(RunReport.referenceTable(rows, c.references()));
        List<String> priors = new ArrayList<>();
        c.priorSets().values().forEach(priors::addAll);
        md.append(RunReport.priorTable(c.workload().zooPreset(), priors));
        md.append("Paper (Tab. 4, CIFAR-10 row): ").append(paperClaim())
                .append(c.workload().zooPreset().startsWith("paper-") ? ".\n\n"
                        : ". The workbench has no ImageNet-like priors: here in-domain means the Fashion-MNIST prior pool "
                        + "(disjoint from the unlabelled pool), out-of-domain means MNIST, narrower and simpler data, "
                        + "so the paper's direction is that of its CIFAR-10 priors over its CIFAR-100 and Tiny-ImageNet "
                        + "priors (which also fall below BYOL).\n\n");
        md.append(verdict(rows, c)).append('\n');
        md.append(RunReport.timingNote(rows));
        CategoryChart chart = new CategoryChartBuilder().width(720).height(480)
                .title("Tab. 4: CoOpt student accuracy by prior training data").xAxisTitle("prior set")
                .yAxisTitle("student linear-probe accuracy (%)").build();
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        chart.getStyler().setLabelsVisible(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        double min = java.util.Arrays.stream(acc).min().orElse(0);
        chart.getStyler().setYAxisMin(Math.max(0, Math.floor(min - 5)));
        List<Double> ys = new ArrayList<>();
        for (double a : acc) {
            ys.add(Math.round(a * 100) / 100.0);
        }
        chart.addSeries("accuracy", vs, ys);
        Figures.save(chart, RunReport.figureBase(runDir, id()));
        RunReport.writeText(runDir, id() + ".md", md.toString());
    }
}
