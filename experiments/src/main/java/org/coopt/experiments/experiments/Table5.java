package org.coopt.experiments.experiments;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.coopt.experiments.CellContext;
import org.coopt.experiments.Experiment;
import org.coopt.experiments.ResultRow;
import org.coopt.experiments.pipeline.Budget;
import org.coopt.experiments.pipeline.Workload;
import org.coopt.experiments.pipeline.WorkloadSettings;
import org.coopt.experiments.report.Figures;
import org.coopt.experiments.report.RunReport;
import org.coopt.workbench.coopt.Alignment;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * Paper Tab. 5: special participants. A base prior set is extended by human priors (labels as one-hot
 * targets, zoo kind {@code human}) and/or weak priors (checkpoints far from convergence, zoo kind
 * {@code checkpoint}); each extra prior is one more participant, so K grows with the additions. Variants
 * {@code none}, {@code +human}, {@code +weak}, {@code +human+weak}, and the SSL baseline under the same budget.
 */
public final class Table5 implements Experiment<Table5.Config> {
    static final String NONE = "none";
    static final String HUMAN = "+human";
    static final String WEAK = "+weak";
    static final String BOTH = "+human+weak";
    /** CIFAR-10, paper Tab. 5. */
    static final Map<String, Double> PAPER = new LinkedHashMap<>();

    static {
        PAPER.put("byol", 82.8);
        PAPER.put(NONE, 89.5);
        PAPER.put(WEAK, 89.2);
        PAPER.put(HUMAN, 90.5);
        PAPER.put(BOTH, 89.8);
    }

    /**
     * @param workload       the images
     * @param budget         the shared budget
     * @param basePriors     the base prior set (zoo ids)
     * @param humanPriors    human priors added in +human (zoo kind human)
     * @param weakPriors     weak priors added in +weak (zoo kind checkpoint)
     * @param baseline       SSL baseline name (byol), or null for none
     * @param dim            target dimension d
     * @param sharedFraction shared-set fraction
     * @param alignment      best, medium, worst or none
     */
    public record Config(WorkloadSettings workload, Budget budget, List<String> basePriors, List<String> humanPriors,
                         List<String> weakPriors, String baseline, int dim, double sharedFraction, String alignment) {
        public Config {
            if (workload == null || budget == null || basePriors == null || basePriors.isEmpty()
                    || humanPriors == null || humanPriors.isEmpty() || weakPriors == null || weakPriors.isEmpty()) {
                throw new IllegalArgumentException("table5 needs workload, budget and non-empty base, human and weak priors");
            }
            Alignment.Choice.parse(alignment);
        }
    }

    @Override
    public String id() {
        return "table5";
    }

    @Override
    public String title() {
        return "Tab. 5: adding human and/or weak priors to the prior set";
    }

    @Override
    public String paperClaim() {
        return "CIFAR-10: BYOL 82.8, CoOpt 89.5 (base), 89.2 (+weak), 90.5 (+human), 89.8 (+human+weak)";
    }

    @Override
    public Class<Config> configType() {
        return Config.class;
    }

    @Override
    public List<String> variants(Config c) {
        List<String> v = new ArrayList<>();
        if (c.baseline() != null) {
            v.add(c.baseline());
        }
        v.addAll(List.of(NONE, HUMAN, WEAK, BOTH));
        return v;
    }

    /** The prior list of a CoOpt variant: base, then human, then weak additions. */
    static List<String> priorsOf(String variant, Config c) {
        List<String> p = new ArrayList<>(c.basePriors());
        if (variant.contains(HUMAN)) {
            p.addAll(c.humanPriors());
        }
        if (variant.contains(WEAK)) {
            p.addAll(c.weakPriors());
        }
        return p;
    }

    @Override
    public List<ResultRow> runCell(String variant, long seed, Config c, CellContext ctx) throws Exception {
        Workload w = Workload.of(c.workload());
        ctx.run().dataset(Workload.title(c.workload()) + " unlabelled", w.unlabelled().sha256());
        if (variant.equals(c.baseline())) {
            return PriorSetCell.ssl(id(), variant, variant, seed, w, c.budget(), ctx);
        }
        return PriorSetCell.coopt(id(), variant, seed, w, priorsOf(variant, c), c.dim(), c.sharedFraction(),
                c.alignment(), c.budget(), ctx);
    }

    static String markdown(List<ResultRow> rows, Config c, String provenance) {
        StringBuilder md = new StringBuilder("# Table 5: human and weak priors ("
                + Workload.title(c.workload()) + ")\n\n");
        md.append(provenance).append("\n\n");
        md.append("| variant | priors (K) | probe acc. (%) | Δ vs none | pre-training time (s) | paper (CIFAR-10) |\n"
                + "|---|---|---|---|---|---|\n");
        double none = RunReport.mean(rows, NONE, "probe_acc");
        for (String v : RunReport.variants(rows)) {
            boolean coopt = !v.equals(c.baseline());
            double a = RunReport.mean(rows, v, "probe_acc");
            Double p = PAPER.get(v);
            md.append(String.format(Locale.ROOT, "| %s | %s | %.2f ± %.2f | %s | %.1f | %s |%n",
                    coopt ? "CoOpt " + v : v,
                    coopt ? String.join(", ", priorsOf(v, c)) + " (" + priorsOf(v, c).size() + ")" : "–",
                    a, RunReport.std(rows, v, "probe_acc"),
                    coopt ? String.format(Locale.ROOT, "%+.2f", a - none) : "–",
                    RunReport.mean(rows, v, "pretrain_s"), p == null ? "–" : String.format(Locale.ROOT, "%.1f", p)));
        }
        md.append("\nPaper (Tab. 5): ").append("adding a human prior helps most (+1.0 over the base set); adding a weak "
                + "prior costs little (−0.3; the text says weak models still contribute); both +0.3.\n\n");
        md.append(verdict(rows)).append('\n');
        return md.toString();
    }

    static String verdict(List<ResultRow> rows) {
        double none = RunReport.mean(rows, NONE, "probe_acc");
        double human = RunReport.mean(rows, HUMAN, "probe_acc");
        double weak = RunReport.mean(rows, WEAK, "probe_acc");
        double both = RunReport.mean(rows, BOTH, "probe_acc");
        String best = NONE;
        double bestAcc = none;
        for (String v : List.of(HUMAN, WEAK, BOTH)) {
            double a = RunReport.mean(rows, v, "probe_acc");
            if (a > bestAcc) {
                bestAcc = a;
                best = v;
            }
        }
        boolean humanMost = human >= weak && human >= none;
        return String.format(Locale.ROOT, "Here, against the base set: +human %+.2f, +weak %+.2f, +human+weak %+.2f "
                        + "points; the best variant is %s. \"Human helps most\" %s; \"weak still >= none\" %s "
                        + "(the paper's own Tab. 5 has +weak 0.3 below none).",
                human - none, weak - none, both - none, best,
                humanMost ? "holds (human beats weak and none)" : "does not hold",
                weak >= none ? "holds" : String.format(Locale.ROOT, "does not hold (%.2f below)", none - weak));
    }

    @Override
    public void report(List<ResultRow> rows, Config c, Path runDir) throws IOException {
        List<String> names = new ArrayList<>();
        List<Double> acc = new ArrayList<>();
        for (String v : RunReport.variants(rows)) {
            names.add(v.equals(c.baseline()) ? v : "CoOpt " + v);
            acc.add(RunReport.mean(rows, v, "probe_acc"));
        }
        CategoryChart chart = new CategoryChartBuilder().width(900).height(480)
                .title("Tab. 5: adding human / weak priors (linear probe)").xAxisTitle("variant")
                .yAxisTitle("linear-probe accuracy (%)").build();
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setXAxisLabelRotation(15);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        chart.getStyler().setLabelsVisible(true);
        chart.getStyler().setDecimalPattern("#0.00");
        double lo = acc.stream().mapToDouble(Double::doubleValue).filter(x -> !Double.isNaN(x)).min().orElse(0);
        chart.getStyler().setYAxisMin(Math.max(0, Math.floor(lo - 5)));
        chart.addSeries("probe accuracy (%)", names, acc);
        Figures.save(chart, RunReport.figureBase(runDir, id()));
        RunReport.writeText(runDir, id() + ".md", markdown(rows, c, RunReport.provenanceLine(runDir)));
    }
}
