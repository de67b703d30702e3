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
import org.coopt.experiments.pipeline.MethodOutcome;
import org.coopt.experiments.pipeline.Pipeline;
import org.coopt.experiments.pipeline.Rows;
import org.coopt.experiments.pipeline.Workload;
import org.coopt.experiments.pipeline.WorkloadSettings;
import org.coopt.experiments.report.Figures;
import org.coopt.experiments.report.RunReport;
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
     * @param dim            target dimension d
     * @param sharedFraction shared-set fraction of the unlabelled images
     * @param alignment      best, medium, worst or none
     */
    public record Config(WorkloadSettings workload, Budget budget, List<String> methods, List<String> priors,
                         int dim, double sharedFraction, String alignment) {
        public Config {
            if (workload == null || budget == null || methods == null || methods.isEmpty()) {
                throw new IllegalArgumentException("table1 needs workload, budget and at least one method");
            }
            if (methods.contains("coopt") && (priors == null || priors.isEmpty())) {
                throw new IllegalArgumentException("table1: coopt needs at least one prior");
            }
            Alignment.Choice.parse(alignment);
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
        return c.methods();
    }

    @Override
    public List<ResultRow> runCell(String variant, long seed, Config c, CellContext ctx) throws Exception {
        Workload w = Workload.of(c.workload());
        ctx.run().dataset(Workload.title(c.workload()) + " unlabelled", w.unlabelled().sha256());
        MethodOutcome o;
        if ("coopt".equals(variant)) {
            PlatformSettings ps = Pipeline.platform(c.priors().size(), c.dim(), c.sharedFraction(),
                    Alignment.Choice.parse(c.alignment()), ctx.seeds());
            o = Pipeline.cooptZoo(w, c.priors(), ps, c.budget(), ctx.seeds(), ctx.scratch());
        } else {
            o = Pipeline.ssl(variant, w, c.budget(), ctx.seeds());
        }
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
        md.append("| method | linear probe acc. (%) | pre-training time (s) |\n|---|---|---|\n");
        String best = null;
        double bestAcc = -1;
        for (String v : RunReport.variants(rows)) {
            double acc = RunReport.mean(rows, v, "probe_acc");
            md.append(String.format(Locale.ROOT, "| %s | %.2f ± %.2f | %.1f |%n", v, acc,
                    RunReport.std(rows, v, "probe_acc"), RunReport.mean(rows, v, "pretrain_s")));
            if (!"coopt".equals(v) && acc > bestAcc) {
                bestAcc = acc;
                best = v;
            }
        }
        md.append("\n± is the spread over seeds (0 with one seed). Paper (Tab. 1): ").append(paperClaim()).append(".\n\n");
        if (best != null && c.methods().contains("coopt")) {
            double coopt = RunReport.mean(rows, "coopt", "probe_acc");
            double speed = RunReport.mean(rows, best, "pretrain_s") / RunReport.mean(rows, "coopt", "pretrain_s");
            md.append(String.format(Locale.ROOT, "Here CoOpt is %+.2f points against the best SSL method (%s) and "
                    + "takes %.2fx %s time. The claim %s on %s at this budget.%n", coopt - bestAcc, best,
                    speed >= 1 ? speed : 1 / speed, speed >= 1 ? "less" : "more",
                    coopt > bestAcc ? "holds in direction" : "does not hold", Workload.title(c.workload())));
        }
        RunReport.writeText(runDir, id() + ".md", md.toString());
    }
}
