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
import org.coopt.experiments.pipeline.MethodOutcome;
import org.coopt.experiments.pipeline.Pipeline;
import org.coopt.experiments.pipeline.Rows;
import org.coopt.experiments.pipeline.Workload;
import org.coopt.experiments.pipeline.WorkloadSettings;
import org.coopt.experiments.report.Figures;
import org.coopt.experiments.report.RunReport;
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
 * set is the only difference between cells.
 */
public final class Table4 implements Experiment<Table4.Config> {

    /** The reserved variant name of the BYOL reference. */
    static final String BYOL = "byol";

    /**
     * @param workload       the images
     * @param budget         the shared budget (student and BYOL)
     * @param priorSets      name → zoo prior ids (one participant each); names are the variants, in order
     * @param inDomain       names of the sets trained on the unlabelled data's domain (Fashion-MNIST), for the verdict
     * @param byol           whether to add the BYOL reference
     * @param dim            target dimension d
     * @param sharedFraction shared-set fraction
     * @param alignment      best, medium, worst or none
     */
    public record Config(WorkloadSettings workload, Budget budget, Map<String, List<String>> priorSets, List<String> inDomain,
                         boolean byol, int dim, double sharedFraction, String alignment) {
        public Config {
            if (workload == null || budget == null || priorSets == null || priorSets.isEmpty()) {
                throw new IllegalArgumentException("table4 needs workload, budget and at least one prior set");
            }
            if (priorSets.containsKey(BYOL) || priorSets.values().stream().anyMatch(l -> l == null || l.isEmpty())) {
                throw new IllegalArgumentException("table4: prior sets must be non-empty and not named 'byol'");
            }
            if (inDomain == null || !priorSets.keySet().containsAll(inDomain)) {
                throw new IllegalArgumentException("table4: inDomain must name prior sets, got " + inDomain);
            }
            Alignment.Choice.parse(alignment);
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
        return v;
    }

    @Override
    public List<ResultRow> runCell(String variant, long seed, Config c, CellContext ctx) throws Exception {
        Workload w = Workload.of(c.workload());
        ctx.run().dataset(Workload.title(c.workload()) + " unlabelled", w.unlabelled().sha256());
        Seeds common = new Seeds(seed);
        MethodOutcome o;
        if (BYOL.equals(variant)) {
            o = Pipeline.ssl(BYOL, w, c.budget(), common);
        } else {
            List<String> priors = c.priorSets().get(variant);
            PlatformSettings ps = Pipeline.platform(priors.size(), c.dim(), c.sharedFraction(),
                    Alignment.Choice.parse(c.alignment()), common);
            o = Pipeline.cooptZoo(w, priors, ps, c.budget(), common, ctx.scratch());
        }
        return Rows.of(id(), variant, seed, o);
    }

    /** The sentence on the claim: best in-domain set against the best out-of-domain set (and BYOL if run). */
    static String verdict(List<String> variants, double[] acc, List<String> inDomain, double byol) {
        int bestIn = -1;
        int bestOut = -1;
        for (int i = 0; i < variants.size(); i++) {
            String v = variants.get(i);
            if (BYOL.equals(v)) {
                continue;
            }
            if (inDomain.contains(v)) {
                bestIn = bestIn < 0 || acc[i] > acc[bestIn] ? i : bestIn;
            } else {
                bestOut = bestOut < 0 || acc[i] > acc[bestOut] ? i : bestOut;
            }
        }
        StringBuilder s = new StringBuilder();
        int best = bestIn < 0 || (bestOut >= 0 && acc[bestOut] > acc[bestIn]) ? bestOut : bestIn;
        if (best >= 0) {
            s.append(String.format(Locale.ROOT, "The best prior set is %s (%.2f%%; %s). ", variants.get(best), acc[best],
                    best == bestIn ? "in-domain" : "out-of-domain"));
        }
        if (bestIn >= 0 && bestOut >= 0) {
            double d = acc[bestIn] - acc[bestOut];
            s.append(String.format(Locale.ROOT, "The best in-domain prior set, %s, reaches %.2f%%, %+.2f points "
                    + "against the best out-of-domain set, %s (%.2f%%): prior data closer to the unlabelled data %s "
                    + "(in the paper ImageNet-1K, the broadest prior data, helps most, ahead of in-domain priors). ",
                    variants.get(bestIn), acc[bestIn], d, variants.get(bestOut), acc[bestOut],
                    d > 0 ? "helps more here" : "does not help more here"));
        }
        if (!Double.isNaN(byol)) {
            long above = 0;
            for (int i = 0; i < variants.size(); i++) {
                if (!BYOL.equals(variants.get(i)) && acc[i] > byol) {
                    above++;
                }
            }
            s.append(String.format(Locale.ROOT, "%d of %d prior sets beat BYOL (%.2f%%); in the paper only ImageNet-1K and the "
                    + "in-domain CIFAR-10 priors beat BYOL on CIFAR-10.", above, variants.size() - 1, byol));
        }
        return s.toString().trim();
    }

    @Override
    public void report(List<ResultRow> rows, Config c, Path runDir) throws IOException {
        List<String> vs = RunReport.variants(rows);
        double[] acc = new double[vs.size()];
        double byol = Double.NaN;
        StringBuilder md = new StringBuilder("# Table 4: prior datasets ("
                + Workload.title(c.workload()) + " unlabelled pool)\n\n");
        md.append(RunReport.provenanceLine(runDir)).append("\n\n");
        md.append("| prior set | priors | prior data | student probe acc. (%) | pre-training time (s) |\n|---|---|---|---|---|\n");
        for (int i = 0; i < vs.size(); i++) {
            String v = vs.get(i);
            acc[i] = RunReport.mean(rows, v, "probe_acc");
            if (BYOL.equals(v)) {
                byol = acc[i];
            }
            String data = BYOL.equals(v) ? "none (SSL)" : c.inDomain().contains(v) ? "in-domain" : "out-of-domain";
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %.2f ± %.2f | %.1f |%n", v,
                    BYOL.equals(v) ? "-" : String.join(", ", c.priorSets().get(v)), data, acc[i],
                    RunReport.std(rows, v, "probe_acc"), RunReport.mean(rows, v, "pretrain_s")));
        }
        md.append("\n± is the spread over seeds (0 with one seed). Paper (Tab. 4, CIFAR-10 row): ").append(paperClaim())
                .append(c.workload().zooPreset().startsWith("paper-") ? ".\n\n"
                        : ". The workbench has no ImageNet-like priors: here in-domain means the Fashion-MNIST prior pool "
                        + "(disjoint from the unlabelled pool), out-of-domain means MNIST.\n\n");
        md.append(verdict(vs, acc, c.inDomain(), byol)).append('\n');
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
