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

/**
 * Paper Tab. 1 and Fig. 5a: CoOpt against the seven SSL baselines (BYOL, DINO, MoCo, SimCLR, SimSiam,
 * SwAV, DCL) under one budget — same backbone, unlabelled images, epochs, batch and AdamW — scored by
 * the same linear probe, with pre-training wall time and the per-epoch kNN curve (training dynamics).
 */
public class Table1 implements Experiment<Table1.Config> {

    /**
     * @param workload       the images
     * @param budget         the shared pre-training budget
     * @param methods        variants: "coopt" and SSL registry names
     * @param priors         zoo prior ids, one per CoOpt participant (K = its size)
     * @param coopt          CoOpt's settings (d, shared fraction, alignment, solver, λ; {@link CooptSettings})
     * @param references     reference variants (METHOD.md §7b): raw-pixels, untrained, supervised (the ceiling:
     *                       cross-entropy on the true labels at the same budget), coopt-human (CoOpt with the human
     *                       prior at every participant); null or empty for none. Each prior alone is read from the zoo.
     */
    public record Config(WorkloadSettings workload, Budget budget, List<String> methods, List<String> priors,
                         CooptSettings coopt, List<String> references) {
        public Config {
            coopt = coopt == null ? CooptSettings.defaults() : coopt;
            references = references == null ? List.of() : List.copyOf(references);
            for (String r : references) {
                if (!Pipeline.REFERENCES.contains(r)) {
                    throw new IllegalArgumentException("table1: unknown reference '" + r + "'; known: "
                            + String.join(", ", Pipeline.REFERENCES));
                }
            }
            if (references.contains(Pipeline.COOPT_HUMAN) && (priors == null || priors.isEmpty())) {
                throw new IllegalArgumentException("table1: coopt-human needs the priors (one human prior per participant)");
            }
            if (workload == null || budget == null || methods == null || methods.isEmpty()) {
                throw new IllegalArgumentException("table1 needs workload, budget and at least one method");
            }
            if (methods.contains("coopt") && (priors == null || priors.isEmpty())) {
                throw new IllegalArgumentException("table1: coopt needs at least one prior");
            }
        }
    }

    @Override
    public String id() {
        return "table1";
    }

    @Override
    public String title() {
        return "Tab. 1 / Fig. 5a: CoOpt vs BYOL, DINO, MoCo, SimCLR, SimSiam, SwAV, DCL under one budget";
    }

    @Override
    public String paperClaim() {
        return "CoOpt +5.6 (CIFAR-10) to +7.9 (ImageNet-1K) points over the best SSL method, in 1.2-1.95x less time";
    }

    @Override
    public Class<Config> configType() {
        return Config.class;
    }

    @Override
    public List<String> variants(Config c) {
        List<String> v = new ArrayList<>(c.methods());
        v.addAll(c.references());
        return v;
    }

    @Override
    public List<ResultRow> runCell(String variant, long seed, Config c, CellContext ctx) throws Exception {
        Workload w = Workload.of(c.workload());
        ctx.run().dataset(Workload.title(c.workload()) + " unlabelled", w.unlabelled().sha256());
        PlatformSettings ps = c.priors() == null || c.priors().isEmpty() ? null : c.coopt().platform(c.priors().size(),
                ctx.seeds());
        MethodOutcome o = switch (variant) {
            case "coopt" -> Pipeline.cooptZoo(w, c.priors(), ps, c.budget(), ctx.seeds(), ctx.scratch());
            case Pipeline.COOPT_HUMAN -> Pipeline.cooptZoo(w, java.util.Collections.nCopies(c.priors().size(), "human"),
                    ps, c.budget(), ctx.seeds(), ctx.scratch());
            case Pipeline.RAW_PIXELS -> Pipeline.rawPixels(w, c.budget(), ctx.seeds());
            case Pipeline.UNTRAINED -> Pipeline.untrained(w, c.budget(), ctx.seeds());
            case Pipeline.SUPERVISED -> Pipeline.supervised(w, c.budget(), ctx.seeds());
            default -> Pipeline.ssl(variant, w, c.budget(), ctx.seeds());
        };
        return Rows.of(id(), variant, seed, o);
    }

    @Override
    public void report(List<ResultRow> rows, Config c, Path runDir) throws IOException {
        List<Figures.Series> curves = new ArrayList<>();
        for (String v : RunReport.variants(rows)) {
            Figures.Series s = RunReport.curve(rows, v, "curve_wall_s", "curve_acc");
            if (s != null) {
                curves.add(s);
            }
        }
        if (!curves.isEmpty()) {
            Figures.save(Figures.lines("Training dynamics (Fig. 5a): kNN accuracy vs pre-training time",
                    "pre-training wall time (s)", "kNN test accuracy (%)", curves), RunReport.figureBase(runDir, id()));
        }
        StringBuilder md = new StringBuilder("# " + title() + " (" + Workload.title(c.workload()) + ")\n\n");
        md.append(RunReport.provenanceLine(runDir)).append("\n\n");
        md.append(RunReport.budgetLine(c.workload(), c.budget(), RunReport.unlabelledImages(c.workload())));
        md.append(RunReport.methodTable(rows, c.methods(), c.references()));
        md.append(RunReport.priorTable(c.workload().zooPreset(), c.priors() == null ? List.of() : c.priors()));
        md.append("Paper (Tab. 1): ").append(paperClaim()).append(".\n\n");
        String best = null;
        double bestAcc = -1;
        for (String v : c.methods()) {
            double acc = RunReport.mean(rows, v, "probe_acc");
            if (!"coopt".equals(v) && acc > bestAcc) {
                bestAcc = acc;
                best = v;
            }
        }
        if (best != null && c.methods().contains("coopt")) {
            Verdict acc = Verdict.of(RunReport.values(rows, "coopt", "probe_acc"), RunReport.values(rows, best, "probe_acc"),
                    true);
            Verdict time = Verdict.of(RunReport.values(rows, "coopt", "pretrain_s"),
                    RunReport.values(rows, best, "pretrain_s"), false);
            double speed = RunReport.mean(rows, best, "pretrain_s") / RunReport.mean(rows, "coopt", "pretrain_s");
            md.append(String.format(Locale.ROOT, "**Verdict.** Accuracy, CoOpt above the best SSL method (%s): %s. "
                            + "Time, CoOpt faster than %s (%.2fx %s): %s.%n%n", best, acc.sentence(" points"), best,
                    speed >= 1 ? speed : 1 / speed, speed >= 1 ? "less time" : "more time", time.sentence(" s")));
            if (c.references().contains(Pipeline.COOPT_HUMAN)) {
                Verdict human = Verdict.of(RunReport.values(rows, Pipeline.COOPT_HUMAN, "probe_acc"),
                        RunReport.values(rows, "coopt", "probe_acc"), true);
                md.append(String.format(Locale.ROOT, "Control: CoOpt with the human prior (labels as the prior) against "
                        + "CoOpt with the zoo priors: %+.2f points (%s). It bounds what better priors could give this "
                        + "student pipeline.%n%n", human.diff(), human.evidence()));
            }
        }
        md.append(RunReport.timingNote(rows));
        RunReport.writeText(runDir, id() + ".md", md.toString());
    }
}
