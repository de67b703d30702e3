package org.coopt.experiments.experiments;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
import org.coopt.workbench.nn.Architectures;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * Paper Tab. 3: generalizability of the optimized data. For each student architecture, CoOpt (a student
 * of that architecture trained on the data optimized with the configured priors) against BYOL (the same
 * architecture pre-trained on the raw unlabelled images), under the same budget — epochs, batch, AdamW —
 * and the same linear probe. The prior set and the optimized targets do not depend on the student.
 * Variants are {@code ARCH:coopt} and {@code ARCH:byol}, plus {@code ARCH:REFERENCE} (and {@code raw-pixels}) for the
 * configured references (METHOD.md §7b). The verdict is given per architecture: CoOpt above the baseline by Welch's
 * t-test over seeds (METHOD.md §7).
 */
public final class Table3 implements Experiment<Table3.Config> {
    static final Map<String, double[]> PAPER = new LinkedHashMap<>();

    static {
        // CIFAR-100, {BYOL, CoOpt}, paper Tab. 3
        PAPER.put("resnet50", new double[] {60.4, 63.8});
        PAPER.put("resnet101", new double[] {61.5, 65.7});
        PAPER.put("mobilenetv2", new double[] {24.0, 58.1});
        PAPER.put("efficientnet-b0", new double[] {2.3, 70.7});
        PAPER.put("vit", new double[] {38.5, 57.8});
    }

    /** A student architecture (nn/Architectures name) and its width. */
    public record Arch(String name, int width) {
        public Arch {
            Architectures.featureDim(new Architectures.ArchSpec(name, width, 1, 28));
        }
    }

    /**
     * @param workload       the images
     * @param budget         the shared budget; its arch/width are replaced by each {@link Arch}
     * @param archs          student architectures
     * @param baseline       the SSL baseline (byol)
     * @param priors         zoo prior ids, one per participant
     * @param coopt          CoOpt's settings (d, shared fraction, alignment, solver, λ; {@link CooptSettings})
     * @param references     reference variants (METHOD.md §7b), each run per architecture as {@code ARCH:NAME} under
     *                       that architecture's budget: untrained, supervised, coopt-human (CoOpt with the human prior
     *                       at every participant); raw-pixels runs once (no backbone). Null or empty for none
     * @param omitted        why the paper's architectures missing from {@code archs} are not run in this preset (a
     *                       measured cost, printed in the report after their names); null for no reason given
     */
    public record Config(WorkloadSettings workload, Budget budget, List<Arch> archs, String baseline,
                         List<String> priors, CooptSettings coopt, List<String> references, String omitted) {
        /** A config without a note on omitted architectures. */
        public Config(WorkloadSettings workload, Budget budget, List<Arch> archs, String baseline, List<String> priors,
                      CooptSettings coopt, List<String> references) {
            this(workload, budget, archs, baseline, priors, coopt, references, null);
        }

        public Config {
            coopt = coopt == null ? CooptSettings.defaults() : coopt;
            references = PriorSetCell.references("table3", references, true);
            if (workload == null || budget == null || archs == null || archs.isEmpty() || priors == null
                    || priors.isEmpty() || baseline == null) {
                throw new IllegalArgumentException("table3 needs workload, budget, archs, baseline and priors");
            }
            if (Pipeline.REFERENCES.contains(baseline) || "coopt".equals(baseline)) {
                throw new IllegalArgumentException("table3: the baseline must be an SSL method, got " + baseline);
            }
        }
    }

    @Override
    public String id() {
        return "table3";
    }

    @Override
    public String title() {
        return "Tab. 3: CoOpt's optimized data vs BYOL across student architectures";
    }

    @Override
    public String paperClaim() {
        return "CIFAR-100: CoOpt > BYOL on ResNet-50 (63.8 vs 60.4), ResNet-101 (65.7 vs 61.5), MobileNetV2 "
                + "(58.1 vs 24.0), EfficientNet-B0 (70.7 vs 2.3), ViT (57.8 vs 38.5)";
    }

    @Override
    public Class<Config> configType() {
        return Config.class;
    }

    @Override
    public List<String> variants(Config c) {
        List<String> v = new ArrayList<>();
        for (Arch a : c.archs()) {
            v.add(a.name() + ":coopt");
            v.add(a.name() + ":" + c.baseline());
            for (String r : c.references()) {
                if (!Pipeline.RAW_PIXELS.equals(r)) {
                    v.add(a.name() + ":" + r);
                }
            }
        }
        if (c.references().contains(Pipeline.RAW_PIXELS)) {
            v.add(Pipeline.RAW_PIXELS);
        }
        return v;
    }

    @Override
    public List<ResultRow> runCell(String variant, long seed, Config c, CellContext ctx) throws Exception {
        Workload w = Workload.of(c.workload());
        ctx.run().dataset(Workload.title(c.workload()) + " unlabelled", w.unlabelled().sha256());
        if (Pipeline.RAW_PIXELS.equals(variant)) {
            return PriorSetCell.reference(id(), variant, variant, seed, w, c.budget(), ctx.seeds());
        }
        String arch = variant.substring(0, variant.indexOf(':'));
        String method = variant.substring(variant.indexOf(':') + 1);
        Arch a = c.archs().stream().filter(x -> x.name().equals(arch)).findFirst().orElseThrow();
        Budget b = c.budget().withArch(a.name(), a.width());
        if ("coopt".equals(method) || Pipeline.COOPT_HUMAN.equals(method)) {
            List<String> priors = "coopt".equals(method) ? c.priors() : Collections.nCopies(c.priors().size(), "human");
            return PriorSetCell.coopt(id(), variant, seed, w, priors, c.coopt(), b, ctx);
        }
        if (c.references().contains(method)) {
            return PriorSetCell.reference(id(), variant, method, seed, w, b, ctx.seeds());
        }
        return PriorSetCell.ssl(id(), variant, method, seed, w, b, ctx);
    }

    /**
     * The markdown body for {@code figures/table3.md}: one row per architecture with the Welch verdict of "CoOpt
     * above the baseline" on that architecture's per-seed probe accuracies (METHOD.md §7), the paper's numbers, the
     * references and the disclosure of budget and priors.
     */
    static String markdown(List<ResultRow> rows, Config c, String provenance) throws IOException {
        StringBuilder md = new StringBuilder("# Table 3: optimized data across student architectures ("
                + Workload.title(c.workload()) + ")\n\n");
        md.append(provenance).append("\n\n");
        md.append(RunReport.budgetLine(c.workload(), c.budget(), RunReport.unlabelledImages(c.workload())));
        md.append("The backbone of the budget line is replaced by each student architecture below (same epochs, "
                + "batch, optimizer and probe).\n\n");
        String bl0 = c.baseline();
        md.append("| student (width) | " + bl0 + " acc. (%) | CoOpt acc. (%) | Δ | CoOpt above " + bl0 + " (p) | probe "
                + "train acc. " + bl0 + " / CoOpt (%) | " + bl0 + " time (s) | CoOpt time (s) | paper " + bl0
                + " | paper CoOpt |\n|---|---|---|---|---|---|---|---|---|---|\n");
        int holds = 0;
        int n = 0;
        List<String> notHolding = new ArrayList<>();
        for (Arch a : c.archs()) {
            String co = a.name() + ":coopt";
            String bl = a.name() + ":" + c.baseline();
            double[] ca = RunReport.values(rows, co, "probe_acc");
            double[] ba = RunReport.values(rows, bl, "probe_acc");
            double[] p = PAPER.get(a.name());
            String verdict = "–";
            if (ca.length > 0 && ba.length > 0) {
                Verdict v = Verdict.of(ca, ba, true);
                verdict = v.outcome() + " (" + Verdict.p(v.pValue()) + ")";
                n++;
                if (v.outcome() == Verdict.Outcome.HOLDS) {
                    holds++;
                } else {
                    notHolding.add(a.name() + ": " + v.outcome());
                }
            }
            md.append(String.format(Locale.ROOT, "| %s (%d) | %s | %s | %+.2f | %s | %.2f / %.2f | %.1f | %.1f | %s | %s |%n",
                    a.name(), a.width(), RunReport.meanStd(rows, bl, "probe_acc"), RunReport.meanStd(rows, co, "probe_acc"),
                    RunReport.mean(rows, co, "probe_acc") - RunReport.mean(rows, bl, "probe_acc"), verdict,
                    RunReport.mean(rows, bl, "probe_train_acc"), RunReport.mean(rows, co, "probe_train_acc"),
                    RunReport.mean(rows, bl, "pretrain_s"), RunReport.mean(rows, co, "pretrain_s"),
                    p == null ? "–" : String.format(Locale.ROOT, "%.1f", p[0]),
                    p == null ? "–" : String.format(Locale.ROOT, "%.1f", p[1])));
        }
        List<String> missing = new ArrayList<>(PAPER.keySet());
        c.archs().forEach(a -> missing.remove(a.name()));
        md.append("\n± is the sample standard deviation over seeds (0 with one seed); p is Welch's t-test over seeds. "
                + "CoOpt time includes optimizing the data (extraction, uniformity, projection, alignment) and "
                + "training the student; the optimized data is the same for every student.\n");
        if (!missing.isEmpty()) {
            md.append("Not run in this preset: ").append(String.join(", ", missing)).append(". ")
                    .append(c.omitted() == null ? "Their cost on 2 CPU cores is out of this preset's budget."
                            : c.omitted()).append('\n');
        }
        md.append('\n');
        List<String> refs = new ArrayList<>();
        for (Arch a : c.archs()) {
            c.references().stream().filter(r -> !Pipeline.RAW_PIXELS.equals(r)).forEach(r -> refs.add(a.name() + ":" + r));
        }
        if (c.references().contains(Pipeline.RAW_PIXELS)) {
            refs.add(Pipeline.RAW_PIXELS);
        }
        md.append(RunReport.referenceTable(rows, refs));
        md.append(RunReport.priorTable(c.workload().zooPreset(), c.priors()));
        md.append("Paper (Tab. 3, CIFAR-100): ").append("CoOpt > BYOL on all five architectures.\n\n");
        md.append(String.format(Locale.ROOT, "**Verdict.** CoOpt above %s, per architecture (Welch's t-test over "
                        + "seeds, p < 0.05): holds on %d of %d architectures run%s.%n%n", c.baseline(), holds, n,
                notHolding.isEmpty() ? "" : " (" + String.join("; ", notHolding) + ")"));
        md.append(RunReport.timingNote(rows));
        return md.toString();
    }

    @Override
    public void report(List<ResultRow> rows, Config c, Path runDir) throws IOException {
        List<String> names = new ArrayList<>();
        List<Double> co = new ArrayList<>();
        List<Double> bl = new ArrayList<>();
        for (Arch a : c.archs()) {
            names.add(a.name() + " (w" + a.width() + ")");
            co.add(RunReport.mean(rows, a.name() + ":coopt", "probe_acc"));
            bl.add(RunReport.mean(rows, a.name() + ":" + c.baseline(), "probe_acc"));
        }
        CategoryChart chart = new CategoryChartBuilder().width(820).height(480)
                .title("Tab. 3: linear-probe accuracy per student architecture").xAxisTitle("student architecture")
                .yAxisTitle("linear-probe accuracy (%)").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        chart.getStyler().setLabelsVisible(true);
        chart.getStyler().setDecimalPattern("#0.0");
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(100.0);
        chart.addSeries(c.baseline(), names, bl);
        chart.addSeries("CoOpt", names, co);
        Figures.save(chart, RunReport.figureBase(runDir, id()));
        RunReport.writeText(runDir, id() + ".md", markdown(rows, c, RunReport.provenanceLine(runDir)));
    }
}
