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
        return List.of(new ListCommand(), new RunCommand(), new SweepCommand(), new RunsCommand(), new CompareCommand(),
                new DemoCommand());
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
                description = "override one setting of the config, e.g. --set coopt.dim=32 --set budget.epochs=8 "
                        + "(repeatable; a list as a,b,c; unknown paths are refused)")
        List<String> set = new ArrayList<>();

        @Override
        public Integer call() throws Exception {
            return go(ExperimentRegistry.discover().get(id));
        }

        private <C extends Record> Integer go(Experiment<C> exp) throws Exception {
            Preset p = Preset.parse(preset);
            SeedList.check(seeds);
            Overrides.requireDistinct(Overrides.labelled("--set", set));
            ExperimentRunner runner = new ExperimentRunner(repo().resolve("experiments/configs"), repo().resolve("runs"));
            C cfg = runner.loadConfig(exp, p, config, set);
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

    @Command(name = "sweep", mixinStandardHelpOptions = true,
            description = "Run an experiment over a grid of settings: every combination is a normal run folder "
                    + "(resumable, reused when identical); the sweep folder gets results.csv with the swept values as "
                    + "columns, summary.md and sweep.png of probe accuracy against the first swept setting.")
    static final class SweepCommand implements Callable<Integer> {
        @Parameters(index = "0", description = "experiment id (see ./coopt list)")
        String id;

        @Option(names = "--preset", defaultValue = "smoke", description = "smoke | cpu | paper (default: ${DEFAULT-VALUE})")
        String preset;

        @Option(names = "--grid", required = true, paramLabel = "PATH=V1,V2",
                description = "a swept setting and its values, e.g. --grid coopt.dim=32,64,128 --grid coopt.alignment=best,none")
        List<String> grid = new ArrayList<>();

        @Option(names = "--set", paramLabel = "PATH=VALUE", description = "a fixed override for every run (repeatable)")
        List<String> set = new ArrayList<>();

        @Option(names = "--seeds", defaultValue = "0", split = ",", description = "comma-separated seeds (default: ${DEFAULT-VALUE})")
        List<Long> seeds = new ArrayList<>();

        @Option(names = "--config", description = "settings file instead of experiments/configs/ID/PRESET.json")
        Path config;

        @Option(names = "--out", description = "sweep folder (default: runs/sweep-ID-PRESET-HASH); with --out the "
                + "combinations' run folders go to DIR/runs/ instead of runs/, so the sweep is all in DIR")
        Path out;

        @Override
        public Integer call() throws Exception {
            return go(ExperimentRegistry.discover().get(id));
        }

        private <C extends Record> Integer go(Experiment<C> exp) throws Exception {
            Preset p = Preset.parse(preset);
            SeedList.check(seeds);
            Overrides.requireDistinct(Overrides.labelled("--set", set));
            Path runs = out != null ? out.resolve("runs") : repo().resolve("runs");
            ExperimentRunner runner = new ExperimentRunner(repo().resolve("experiments/configs"), runs);
            Sweep.Result r = Sweep.run(runner, exp, p, config, set, Sweep.grid(grid), seeds, repo().resolve("runs"), out);
            System.out.println(java.nio.file.Files.readString(r.dir().resolve("summary.md")));
            System.out.println(r.dir());
            return 0;
        }
    }

    @Command(name = "runs", mixinStandardHelpOptions = true,
            description = "List the run folders: experiment, preset, seeds, status, best probe accuracy, and the "
                    + "settings that differ from the committed config.")
    static final class RunsCommand implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            System.out.print(RunCatalog.format(RunCatalog.list(repo().resolve("runs"), repo().resolve("experiments/configs"))));
            return 0;
        }
    }

    @Command(name = "compare", mixinStandardHelpOptions = true,
            description = "Put runs side by side: the settings that differ first, then probe accuracy per variant and "
                    + "run (Markdown on stdout), and a bar chart; prints the chart's path on the last line.")
    static final class CompareCommand implements Callable<Integer> {
        @Parameters(arity = "2..*", description = "run folders (paths, or names under runs/)")
        List<String> runs = new ArrayList<>();

        @Override
        public Integer call() throws Exception {
            List<Path> dirs = new ArrayList<>();
            java.util.Map<Path, String> given = new java.util.HashMap<>();
            for (String r : runs) {
                Path p = Path.of(r);
                Path d = java.nio.file.Files.isDirectory(p) ? p : repo().resolve("runs").resolve(r);
                Path real = java.nio.file.Files.isDirectory(d) ? d.toRealPath() : d.toAbsolutePath().normalize();
                String twin = given.putIfAbsent(real, r);
                if (twin != null) {
                    throw new UserInputException("compare names the run " + real.getFileName() + " twice (" + twin
                            + " and " + r + "); give each run once");
                }
                dirs.add(d);
            }
            String key = org.coopt.workbench.util.Hashing.sha256(dirs.toString().getBytes(
                    java.nio.charset.StandardCharsets.UTF_8)).substring(0, 12);
            Path out = repo().resolve("runs").resolve("compare-" + key);
            RunCatalog.Comparison c = RunCatalog.compare(dirs, out.resolve("compare"));
            org.coopt.workbench.util.AtomicFiles.writeString(out.resolve("compare.md"), c.markdown());
            System.out.println(c.markdown());
            System.out.println(c.figure() == null ? out.resolve("compare.md") : c.figure());
            return 0;
        }
    }
}
