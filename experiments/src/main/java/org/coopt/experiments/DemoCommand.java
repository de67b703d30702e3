package org.coopt.experiments;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.coopt.experiments.report.RunReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./coopt demo}: builds the prior zoo if needed, runs CoOpt with several participants and BYOL
 * under the same budget on Fashion-MNIST, and prints method, linear-probe accuracy and pre-training time,
 * then where the run folder and figures are. Settings: {@code experiments/configs/demo/PRESET.json}.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "The main job: CoOpt vs BYOL under the same budget (Fashion-MNIST; CIFAR-10 with --preset paper); "
                + "prints the table and where the figures went.")
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--preset", defaultValue = "cpu", description = "cpu (default, minutes), smoke (seconds) or paper (CIFAR-10, for a GPU)")
    String preset;

    @Option(names = "--seeds", defaultValue = "0", split = ",", description = "comma-separated seeds (default: ${DEFAULT-VALUE})")
    List<Long> seeds;

    @Override
    public Integer call() throws Exception {
        long t0 = System.nanoTime();
        ExperimentRunner.RunResult r = Experiments.run("demo", Preset.parse(preset).id(),
                seeds.stream().mapToLong(Long::longValue).toArray());
        List<ResultRow> rows = r.rows();
        System.out.println();
        System.out.printf(Locale.ROOT, "%-22s %26s %16s %24s%n", "method", "linear-probe accuracy (%)",
                "probe train (%)", "pre-training time (s)");
        boolean oneSeed = seeds.size() == 1;
        for (String v : RunReport.variants(rows)) {
            double spread = oneSeed ? RunReport.mean(rows, v, "probe_std") : RunReport.std(rows, v, "probe_acc");
            boolean reference = org.coopt.experiments.pipeline.Pipeline.REFERENCES.contains(v);
            System.out.printf(Locale.ROOT, "%-22s %19.2f ± %4.2f %16.2f %24.1f%n", v + (reference ? " (reference)" : ""),
                    RunReport.mean(rows, v, "probe_acc"), spread, RunReport.mean(rows, v, "probe_train_acc"),
                    RunReport.mean(rows, v, "pretrain_s"));
        }
        org.coopt.experiments.report.Verdict acc = org.coopt.experiments.report.Verdict.of(
                RunReport.values(rows, "coopt", "probe_acc"), RunReport.values(rows, "byol", "probe_acc"), true);
        double speed = RunReport.mean(rows, "byol", "pretrain_s") / RunReport.mean(rows, "coopt", "pretrain_s");
        System.out.printf(Locale.ROOT, "%nCoOpt vs BYOL: %s; %.2fx the speed (pre-training time ratio).%n",
                acc.sentence(" points"), speed);
        System.out.println(oneSeed ? "± is the std of the probe's last 3 epochs (METHOD.md §7); one seed: " + seeds
                : "± is the std over seeds " + seeds);
        Path figures = r.dir().resolve("figures");
        System.out.println("figures and table: " + figures.resolve("demo.png") + ", " + figures.resolve("demo.md"));
        System.out.println("run folder (config.json, provenance.json, results.csv): " + r.dir());
        System.out.printf(Locale.ROOT, "%s in %.0f s%n", r.reused() ? "identical finished run reused" : "done",
                (System.nanoTime() - t0) / 1e9);
        return 0;
    }
}
