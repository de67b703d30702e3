package org.coopt.experiments.experiments;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.imageio.ImageIO;
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
import org.coopt.experiments.report.Stats;
import org.coopt.experiments.report.Verdict;
import org.coopt.workbench.coopt.Alignment;
import org.coopt.workbench.coopt.Simulation;
import org.coopt.workbench.coopt.PlatformSettings;
import org.coopt.workbench.coopt.ProtocolMessages.AlignmentDecision;
import org.coopt.workbench.coopt.ProtocolMessages.UploadInfo;
import org.coopt.workbench.run.Seeds;
import org.coopt.workbench.util.AtomicFiles;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.coopt.workbench.util.Log;

/**
 * Paper Fig. 6 and Tab. 7 (Sec. 4.4, App. B.5): is target alignment necessary, and does the choice of the
 * reference prior matter? Variants are the alignment choices none / best / medium / worst
 * ({@link Alignment.Choice}); each runs CoOpt with the same priors and reports the student's linear-probe
 * accuracy. The paper's t-SNE panels (Fig. 6a–c) are redrawn from the participants' targets before
 * alignment and after aligning to the best and to the worst prior, and quantified by the participant
 * separability (leave-one-out 1-NN accuracy of telling the participants apart, {@link TargetSamples}).
 * <p>
 * <b>(decision)</b> Variants are a paired design: every variant of one seed uses the same platform seed
 * (partition, shared set, projections) and the same student seeds, so only the alignment choice differs.
 * The t-SNE coordinates of each cell go to {@code scratch/VARIANT__sSEED/tsne.csv} in the run folder
 * (too many points for tidy rows); the report reads them from there. Optional references (METHOD.md §7b) run
 * under the same budget and paired seeds; verdicts are Welch's t-tests over seeds (METHOD.md §7).
 */
public final class Fig6 implements Experiment<Fig6.Config> {

    /** Paper Tab. 7, CIFAR-100: BYOL, none, best, medium, worst. */
    static final Map<String, Double> PAPER = Map.of("byol", 51.7, "none", 44.7, "best", 65.3, "medium", 63.1,
            "worst", 60.1);

    /**
     * @param workload           the images
     * @param budget             the student's budget
     * @param priors             zoo prior ids, one per participant (K = its size, at least 2; differing
     *                           quality so that best, medium and worst differ)
     * @param coopt              CoOpt's settings (d, shared fraction, solver, λ; {@link CooptSettings}); its
     *                           alignment is replaced by each of {@code alignments}
     * @param alignments         variants: any of none, best, medium, worst
     * @param tsnePerParticipant target rows per participant in the t-SNE panels
     * @param tsnePerplexity     t-SNE perplexity (K·tsnePerParticipant must exceed 3× it)
     * @param tsneIterations     t-SNE iterations
     * @param references         reference variants (METHOD.md §7b): raw-pixels, untrained, supervised; null or empty
     *                           for none
     */
    public record Config(WorkloadSettings workload, Budget budget, List<String> priors, CooptSettings coopt,
                         List<Alignment.Choice> alignments, int tsnePerParticipant, double tsnePerplexity, int tsneIterations,
                         List<String> references) {
        public Config {
            references = PriorSetCell.references("fig6", references, false);
            if (workload == null || budget == null || priors == null || priors.size() < 2) {
                throw new IllegalArgumentException("fig6 needs workload, budget and at least 2 priors");
            }
            if (alignments == null || alignments.isEmpty() || alignments.stream().anyMatch(java.util.Objects::isNull)) {
                throw new IllegalArgumentException("fig6 needs at least one alignment choice (none, best, medium, worst)");
            }
            coopt = coopt == null ? CooptSettings.defaults() : coopt;
            if (coopt.dim() < 2 || !(coopt.sharedFraction() < 1)) {
                throw new IllegalArgumentException("fig6: coopt.dim must be >= 2 and coopt.sharedFraction < 1");
            }
            if (tsnePerParticipant < 2 || tsneIterations < 250 || !(tsnePerplexity >= 2)
                    || (double) priors.size() * tsnePerParticipant <= 3 * tsnePerplexity) {
                throw new IllegalArgumentException("fig6: t-SNE needs tsnePerParticipant >= 2, tsneIterations >= 250, "
                        + "perplexity >= 2 and K*tsnePerParticipant > 3*perplexity");
            }
        }
    }

    /** The alignment variants in the paper's order (none, then best, medium, worst reference prior). */
    static final List<String> ALIGNMENTS = List.of("none", "best", "medium", "worst");

    /** The alignment variants present in the rows, in first-seen order (references left out). */
    static List<String> alignmentVariants(List<ResultRow> rows) {
        return RunReport.variants(rows).stream().filter(ALIGNMENTS::contains).toList();
    }

    @Override
    public String id() {
        return "fig6";
    }

    @Override
    public String title() {
        return "Fig. 6 / Tab. 7: alignment none / best / medium / worst prior, and t-SNE of targets before and after";
    }

    @Override
    public String paperClaim() {
        return "CIFAR-100 linear probe: none 44.7, best 65.3, medium 63.1, worst 60.1 (BYOL 51.7); unaligned targets "
                + "of different priors occupy different regions, aligned ones overlap";
    }

    @Override
    public Class<Config> configType() {
        return Config.class;
    }

    @Override
    public List<String> variants(Config c) {
        List<String> v = new ArrayList<>(c.alignments().stream().map(Alignment.Choice::label).toList());
        v.addAll(c.references());
        return v;
    }

    @Override
    public List<ResultRow> runCell(String variant, long seed, Config c, CellContext ctx) throws Exception {
        Workload w = Workload.of(c.workload());
        ctx.run().dataset(Workload.title(c.workload()) + " unlabelled", w.unlabelled().sha256());
        Seeds paired = new Seeds(seed).split(id());
        if (c.references().contains(variant)) {
            return PriorSetCell.reference(id(), variant, variant, seed, w, c.budget(), paired);
        }
        Alignment.Choice choice = Alignment.Choice.parse(variant);
        PlatformSettings ps = c.coopt().withAlignment(choice).platform(c.priors().size(), paired);
        MethodOutcome o = Pipeline.cooptZoo(w, c.priors(), ps, c.budget(), paired, ctx.scratch());
        List<ResultRow> rows = new ArrayList<>(Rows.of(id(), variant, seed, o));
        Simulation.Protocol p = o.requireProtocol();
        AlignmentDecision d = p.alignment();
        rows.add(new ResultRow(id(), variant, seed, "reference", d.reference()));
        for (int k = 0; k < d.uniformity().length; k++) {
            rows.add(new ResultRow(id(), variant, seed, "uniformity:p" + k, d.uniformity()[k]));
            UploadInfo u = p.uploads().get(k);
            if (!Double.isNaN(u.alignmentLoss())) {
                rows.add(new ResultRow(id(), variant, seed, "align_loss:p" + k, u.alignmentLoss()));
            }
        }
        TargetSamples s = TargetSamples.load(p, c.priors(), c.tsnePerParticipant(), paired.child("tsne-sample"));
        rows.add(new ResultRow(id(), variant, seed, "separability_before", 100 * TargetSamples.separability(s.before(),
                s.participant())));
        rows.add(new ResultRow(id(), variant, seed, "separability_after", 100 * TargetSamples.separability(s.after(),
                s.participant())));
        Log.info("[fig6] t-SNE of " + s.participant().length + " targets, before and after alignment");
        double[][] tb = Stats.tsne(s.before(), c.tsnePerplexity(), c.tsneIterations(), paired.child("tsne"));
        double[][] ta = Stats.tsne(s.after(), c.tsnePerplexity(), c.tsneIterations(), paired.child("tsne"));
        StringBuilder csv = new StringBuilder("panel,participant,x,y\n");
        for (int i = 0; i < tb.length; i++) {
            csv.append(String.format(Locale.ROOT, "before,%d,%.6g,%.6g%n", s.participant()[i], tb[i][0], tb[i][1]));
        }
        for (int i = 0; i < ta.length; i++) {
            csv.append(String.format(Locale.ROOT, "after,%d,%.6g,%.6g%n", s.participant()[i], ta[i][0], ta[i][1]));
        }
        AtomicFiles.writeString(ctx.scratch().resolve("tsne.csv"), csv.toString());
        return rows;
    }

    @Override
    public void report(List<ResultRow> rows, Config c, Path runDir) throws IOException {
        List<String> vs = alignmentVariants(rows);
        Path base = RunReport.figureBase(runDir, id());
        Figures.save(mainChart(rows, vs), base);

        long seed = rows.isEmpty() ? 0 : rows.get(0).seed();
        List<BufferedImage> panels = new ArrayList<>();
        List<String> panelNotes = new ArrayList<>();
        String beforeFrom = vs.contains("best") ? "best" : vs.isEmpty() ? null : vs.get(0);
        addPanel(runDir, beforeFrom, seed, "before", "(a) targets before alignment", "before", c, panels, panelNotes);
        addPanel(runDir, "best", seed, "after", "(b) after alignment to the best prior", "best", c, panels, panelNotes);
        addPanel(runDir, "worst", seed, "after", "(c) after alignment to the worst prior", "worst", c, panels, panelNotes);
        if (!panels.isEmpty()) {
            stitch(panels, runDir.resolve("figures").resolve(id() + "-tsne.png"));
        }
        RunReport.writeText(runDir, id() + ".md", markdown(rows, c, RunReport.provenanceLine(runDir), panelNotes));
    }

    /** Fig. 6d: per-epoch monitor accuracy per variant when recorded; otherwise probe accuracy per variant. */
    static org.knowm.xchart.internal.chartpart.Chart<?, ?> mainChart(List<ResultRow> rows, List<String> vs) {
        List<Figures.Series> curves = new ArrayList<>();
        for (String v : vs) {
            TreeMap<Integer, double[]> acc = new TreeMap<>();
            for (ResultRow r : rows) {
                if (r.variant().equals(v) && r.metric().equals("curve_acc") && r.hasStep()) {
                    double[] a = acc.computeIfAbsent(r.step(), e -> new double[2]);
                    a[0] += r.value();
                    a[1]++;
                }
            }
            if (!acc.isEmpty()) {
                double[] x = acc.keySet().stream().mapToDouble(Integer::doubleValue).toArray();
                double[] y = acc.values().stream().mapToDouble(a -> a[0] / a[1]).toArray();
                curves.add(new Figures.Series("align " + v, x, y));
            }
        }
        if (curves.size() == vs.size() && !curves.isEmpty()) {
            return Figures.lines("Fig. 6d: student kNN accuracy per epoch by alignment choice", "epoch",
                    "kNN test accuracy (%)", curves);
        }
        CategoryChart chart = new CategoryChartBuilder().width(720).height(480)
                .title("Tab. 7: student linear-probe accuracy by alignment choice").xAxisTitle("alignment")
                .yAxisTitle("linear probe accuracy (%)").build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.addSeries("probe accuracy", vs, vs.stream().map(v -> (Number) RunReport.mean(rows, v, "probe_acc")).toList());
        return chart;
    }

    private void addPanel(Path runDir, String variant, long seed, String panel, String title, String name, Config c,
                          List<BufferedImage> panels, List<String> notes) throws IOException {
        if (variant == null) {
            return;
        }
        Path csv = org.coopt.experiments.ExperimentRunner.cellScratch(runDir, variant, seed).resolve("tsne.csv");
        if (!Files.isRegularFile(csv)) {
            notes.add("panel " + title + " missing: no " + variant + " cell with t-SNE output");
            return;
        }
        Map<String, double[][]> groups = tsneGroups(Files.readAllLines(csv), panel, c.priors());
        XYChart chart = Figures.scatter("Fig. 6 " + title, "t-SNE 1", "t-SNE 2", groups);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNW);
        chart.getStyler().setMarkerSize(4);
        Figures.save(chart, runDir.resolve("figures").resolve(id() + "-tsne-" + name));
        panels.add(BitmapEncoder.getBufferedImage(chart));
    }

    /** Groups the rows of one panel of a tsne.csv by participant, labelled "pK: prior id". */
    static Map<String, double[][]> tsneGroups(List<String> lines, String panel, List<String> priorIds) {
        Map<Integer, List<double[]>> byP = new TreeMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            if (f.length == 4 && f[0].equals(panel)) {
                byP.computeIfAbsent(Integer.parseInt(f[1]), k -> new ArrayList<>())
                        .add(new double[] {Double.parseDouble(f[2]), Double.parseDouble(f[3])});
            }
        }
        Map<String, double[][]> out = new LinkedHashMap<>();
        byP.forEach((k, pts) -> out.put("p" + k + ": " + (k < priorIds.size() ? priorIds.get(k) : "?"), new double[][] {
                pts.stream().mapToDouble(q -> q[0]).toArray(), pts.stream().mapToDouble(q -> q[1]).toArray()}));
        return out;
    }

    private static void stitch(List<BufferedImage> panels, Path png) throws IOException {
        int w = panels.stream().mapToInt(BufferedImage::getWidth).sum();
        int h = panels.stream().mapToInt(BufferedImage::getHeight).max().orElse(1);
        BufferedImage all = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = all.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        int x = 0;
        for (BufferedImage p : panels) {
            g.drawImage(p, x, 0, null);
            x += p.getWidth();
        }
        g.dispose();
        AtomicFiles.write(png, out -> ImageIO.write(all, "png", out));
    }

    /** The result table next to the paper's Tab. 7, and what matches, computed from the rows. */
    static String markdown(List<ResultRow> rows, Config c, String provenance, List<String> panelNotes)
            throws IOException {
        List<String> vs = alignmentVariants(rows);
        StringBuilder md = new StringBuilder("# Fig. 6 / Table 7: target alignment choice ("
                + Workload.title(c.workload()) + ")\n\n");
        md.append(provenance).append("\n\n");
        md.append(RunReport.budgetLine(c.workload(), c.budget(), RunReport.unlabelledImages(c.workload())));
        md.append("Priors (one per participant): ").append(String.join(", ", c.priors())).append(".\n\n");
        md.append("| alignment | reference prior | linear probe acc. (%) | probe train acc. (%) | paper CIFAR-100 (%) "
                + "| final kNN acc. (%) | participant 1-NN separability before → after (%) | mean alignment loss "
                + "| pre-training time (s) |\n|---|---|---|---|---|---|---|---|---|\n");
        for (String v : vs) {
            int ref = (int) Math.round(RunReport.mean(rows, v, "reference"));
            String refName = ref < 0 ? "—" : String.format(Locale.ROOT, "p%d %s (U = %.3f)", ref,
                    ref < c.priors().size() ? c.priors().get(ref) : "?", RunReport.mean(rows, v, "uniformity:p" + ref));
            double loss = meanPrefix(rows, v, "align_loss:p");
            double knn = finalKnn(rows, v);
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %.2f | %s | %s | %.1f → %.1f | %s | %.1f |%n", v,
                    refName, RunReport.meanStd(rows, v, "probe_acc"), RunReport.mean(rows, v, "probe_train_acc"),
                    PAPER.containsKey(v) ? String.format(Locale.ROOT, "%.1f", PAPER.get(v)) : "—",
                    Double.isNaN(knn) ? "—" : String.format(Locale.ROOT, "%.2f", knn),
                    RunReport.mean(rows, v, "separability_before"), RunReport.mean(rows, v, "separability_after"),
                    Double.isNaN(loss) ? "—" : String.format(Locale.ROOT, "%.4g", loss), RunReport.mean(rows, v, "pretrain_s")));
        }
        md.append(String.format(Locale.ROOT, "%n± is the sample standard deviation over seeds (0 with one seed). "
                + "Paper (Tab. 7, CIFAR-100; "
                + "BYOL %.1f): %s. Separability is the leave-one-out 1-NN accuracy of telling the participants apart "
                + "from %d sampled targets each (chance %.1f%%); high = the targets of different priors live in "
                + "different regions.%n%n", PAPER.get("byol"), "none 44.7, best 65.3, medium 63.1, worst 60.1",
                c.tsnePerParticipant(), 100.0 / c.priors().size()));
        md.append(RunReport.referenceTable(rows, c.references()));
        md.append(RunReport.priorTable(c.workload().zooPreset(), c.priors()));
        md.append(verdict(rows)).append("\n\n");
        md.append("Figures: `fig6.png` (per-epoch accuracy by alignment, Fig. 6d), `fig6-tsne.png` (t-SNE panels: "
                + "(a) before alignment, (b) after alignment to the best prior, (c) to the worst prior; one colour "
                + "per participant).\n");
        for (String n : panelNotes) {
            md.append("\n").append(n).append('\n');
        }
        md.append('\n').append(RunReport.timingNote(rows));
        return md.toString();
    }

    /**
     * The verdicts (METHOD.md §7), Welch's t-test over seeds on per-seed values: alignment is necessary (each aligned
     * variant's probe accuracy above none's, and best's final-epoch kNN accuracy above none's, the monitor of
     * Fig. 6d); the reference prior matters (best above medium above worst, adjacent pairs of those that ran); and
     * alignment makes the targets overlap (each aligned variant's participant separability after alignment below
     * before).
     */
    static String verdict(List<ResultRow> rows) {
        List<String> vs = alignmentVariants(rows);
        List<String> aligned = vs.stream().filter(v -> !v.equals("none")).toList();
        StringBuilder s = new StringBuilder("**Verdicts** (Welch's t-test over seeds):\n\n");
        int lines = 0;
        if (vs.contains("none")) {
            double[] none = RunReport.values(rows, "none", "probe_acc");
            for (String v : ALIGNMENTS.stream().filter(aligned::contains).toList()) {
                Verdict d = Verdict.of(RunReport.values(rows, v, "probe_acc"), none, true);
                s.append(String.format(Locale.ROOT, "- alignment is necessary, %s above none (linear probe; paper "
                        + "%+.1f): %s.%n", v, PAPER.get(v) - PAPER.get("none"), d.sentence(" points")));
                lines++;
            }
            double[] knnNone = finalKnnValues(rows, "none");
            double[] knnBest = finalKnnValues(rows, "best");
            if (knnNone.length > 0 && knnBest.length > 0) {
                s.append(String.format(Locale.ROOT, "- on the final-epoch kNN accuracy (the monitor of Fig. 6d), best "
                        + "above none: %s.%n", Verdict.of(knnBest, knnNone, true).sentence(" points")));
                lines++;
            }
        }
        List<String> order = List.of("best", "medium", "worst").stream().filter(vs::contains).toList();
        for (int i = 0; i + 1 < order.size(); i++) {
            String hi = order.get(i);
            String lo = order.get(i + 1);
            Verdict d = Verdict.of(RunReport.values(rows, hi, "probe_acc"), RunReport.values(rows, lo, "probe_acc"), true);
            s.append(String.format(Locale.ROOT, "- the reference prior matters, %s above %s (paper %+.1f): %s.%n", hi, lo,
                    PAPER.get(hi) - PAPER.get(lo), d.sentence(" points")));
            lines++;
        }
        for (String v : aligned) {
            double[] before = RunReport.values(rows, v, "separability_before");
            double[] after = RunReport.values(rows, v, "separability_after");
            if (before.length > 0 && after.length > 0) {
                s.append(String.format(Locale.ROOT, "- alignment to the %s prior makes the participants' targets overlap, "
                        + "separability %.1f%% → %.1f%% (paper Fig. 6a-b): %s.%n", v,
                        RunReport.mean(rows, v, "separability_before"), RunReport.mean(rows, v, "separability_after"),
                        Verdict.of(after, before, false).sentence(" points")));
                lines++;
            }
        }
        if (lines == 0) {
            s.append("- none: the run has no pair of variants the claims are about.\n");
        }
        return s.toString().trim();
    }

    /** Per-seed monitor accuracy at the variant's last recorded epoch (empty when there is no curve). */
    static double[] finalKnnValues(List<ResultRow> rows, String v) {
        int last = lastStep(rows, v);
        return last < 0 ? new double[0] : RunReport.values(rows, v, "curve_acc", last);
    }

    /** Mean over seeds of the monitor accuracy at the last recorded epoch, NaN when there is no curve. */
    static double finalKnn(List<ResultRow> rows, String v) {
        int last = lastStep(rows, v);
        return last < 0 ? Double.NaN : RunReport.mean(rows, v, "curve_acc", last);
    }

    /** The last epoch with a monitor accuracy for variant v, or -1. */
    private static int lastStep(List<ResultRow> rows, String v) {
        List<Integer> steps = RunReport.steps(rows, v, "curve_acc");
        return steps.isEmpty() ? -1 : steps.get(steps.size() - 1);
    }

    private static double meanPrefix(List<ResultRow> rows, String v, String prefix) {
        return rows.stream().filter(r -> r.variant().equals(v) && r.metric().startsWith(prefix))
                .mapToDouble(ResultRow::value).average().orElse(Double.NaN);
    }
}
