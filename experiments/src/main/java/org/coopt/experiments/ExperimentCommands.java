package org.coopt.experiments;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.coopt.workbench.cli.Main;
import org.coopt.workbench.util.UserInputException;
import org.coopt.workbench.run.Provenance;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Adds {@code ./coopt list} and {@code ./coopt run} to the command line (found by ServiceLoader). */
public final class ExperimentCommands implements Main.CommandProvider {

    @Override
    public Iterable<Object> commands() {
        return List.of(new ListCommand(), new RunCommand(), new DemoCommand());
    }

    static Path repo() {
        return Provenance.repoRoot();
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the experiments (paper tables and figures).")
    static final class ListCommand implements Runnable {
        @Override
        public void run() {
            List<Experiment<?>> all = ExperimentRegistry.discover().all();
            if (all.isEmpty()) {
                System.out.println("no experiments are registered in this build");
                return;
            }
            for (Experiment<?> e : all) {
                System.out.printf("%-8s %s%n         paper: %s%n", e.id(), e.title(), e.paperClaim());
            }
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Run one experiment; an interrupted run resumes, an identical finished run is not redone.")
    static final class RunCommand implements Callable<Integer> {
        @Parameters(index = "0", description = "experiment id (see ./coopt list)")
        String id;

        @Option(names = "--preset", defaultValue = "smoke", description = "smoke | cpu | paper (default: ${DEFAULT-VALUE})")
        String preset;

        @Option(names = "--seeds", defaultValue = "0", split = ",", description = "comma-separated seeds (default: ${DEFAULT-VALUE})")
        List<Long> seeds = new ArrayList<>();

        @Option(names = "--out", description = "run folder (default: runs/ID-PRESET-HASH)")
        Path out;

        @Option(names = "--config", description = "settings file instead of experiments/configs/ID/PRESET.json")
        Path config;

        @Option(names = "--publish", description = "copy the run's figures and tables into the repository's figures/")
        boolean publish;

        @Option(names = "--set", paramLabel = "PATH=VALUE",
                description = "override one setting of the config, e.g. --set dim=32 --set budget.epochs=8 "
                        + "(repeatable; a list as a,b,c; unknown paths are refused)")
        List<String> set = new ArrayList<>();

        @Override
        public Integer call() throws Exception {
            return go(ExperimentRegistry.discover().get(id));
        }

        private <C extends Record> Integer go(Experiment<C> exp) throws Exception {
            Preset p = Preset.parse(preset);
            ExperimentRunner runner = new ExperimentRunner(repo().resolve("experiments/configs"), repo().resolve("runs"));
            C cfg = runner.loadConfig(exp, p, config, set);
            if (seeds.stream().anyMatch(s -> s < 0)) {
                throw new UserInputException("--seeds must be non-negative integers");
            }
            ExperimentRunner.RunResult r = runner.run(exp, p, cfg, seeds, out);
            if (publish) {
                for (Path f : Experiments.publish(r, repo().resolve("figures"))) {
                    System.err.println("published " + f);
                }
            }
            System.out.println(Summary.meanStd(r.rows()).print());
            System.err.println(r.reused() ? "identical finished run found; not redone"
                    : "cells run " + r.cellsRun() + ", resumed " + r.cellsSkipped());
            System.out.println(r.dir());
            return 0;
        }
    }
}
