package org.coopt.experiments;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.LinkedHashMap;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.coopt.workbench.run.Provenance;
import org.coopt.workbench.util.Json;
import tech.tablesaw.api.Table;

/**
 * The experiments from a notebook, in three calls:
 * <pre>
 *   var run = Experiments.run("table1", Experiments.preset("cpu"), 0);   // runs, resumes or reuses
 *   Experiments.summary(run)          // Tablesaw: mean ± std over seeds per variant and metric
 *   Experiments.figure(run, "table1") // the figure as an image, shown inline
 * </pre>
 * {@link #preset(String)} returns the {@code COOPT_PRESET} environment variable when it is set (the test
 * suite sets {@code smoke} when it executes the notebooks headless), else the notebook's choice.
 */
public final class Experiments {
    private Experiments() {}

    /** The notebook's preset, overridden by the environment variable COOPT_PRESET. */
    public static String preset(String notebookChoice) {
        String env = System.getenv("COOPT_PRESET");
        return env != null && !env.isBlank() ? env : notebookChoice;
    }

    public static ExperimentRunner.RunResult run(String id, String preset, long... seeds) throws Exception {
        return run(ExperimentRegistry.discover().get(id), Preset.parse(preset), seeds);
    }

    private static <C extends Record> ExperimentRunner.RunResult run(Experiment<C> exp, Preset preset, long... seeds)
            throws Exception {
        Path repo = Provenance.repoRoot();
        ExperimentRunner runner = new ExperimentRunner(repo.resolve("experiments/configs"), repo.resolve("runs"));
        C cfg = runner.loadConfig(exp, preset, null);
        List<Long> s = new ArrayList<>();
        for (long x : seeds.length == 0 ? new long[] {0} : seeds) {
            s.add(x);
        }
        return runner.run(exp, preset, cfg, s, null);
    }

    /**
     * The committed config of {@code id} for {@code preset} as an object a notebook can change and run:
     * {@code Experiments.config("table1", "cpu").with("coopt.dim", 32).with("budget.epochs", 8).run(0, 1, 2)}.
     */
    public static Config config(String id, String preset) {
        return new Config(id, Preset.parse(preset).id(), List.of());
    }

    /**
     * A committed config plus overrides ({@code path=value}, as {@code ./coopt run --set}); immutable. Unknown
     * paths and wrong types are refused when it is resolved or run, naming the key.
     *
     * @param experiment experiment id
     * @param preset     smoke, cpu or paper
     * @param overrides  {@code path=value} in order (a later one wins)
     */
    public record Config(String experiment, String preset, List<String> overrides) {
        public Config {
            overrides = List.copyOf(overrides);
        }

        /**
         * This config with {@code path} set to {@code value} (numbers, booleans, strings; lists as List or a,b). An
         * earlier override of the same path (or of a setting inside it) is replaced, not stacked, so the overrides
         * never name one setting twice.
         */
        public Config with(String path, Object value) {
            String v = value instanceof java.util.Collection<?> c
                    ? new com.google.gson.Gson().toJson(c) : value instanceof String str ? str : String.valueOf(value);
            String p = path.trim();
            List<String> o = new ArrayList<>(overrides);
            o.removeIf(x -> Overrides.path(x).equals(p) || Overrides.path(x).startsWith(p + "."));
            o.add(path + "=" + v);
            return new Config(experiment, preset, o);
        }

        /** The validated settings record (every default filled in). */
        public Record resolve() {
            return load(ExperimentRegistry.discover().get(experiment));
        }

        private <C extends Record> C load(Experiment<C> exp) {
            return runner().loadConfig(exp, Preset.parse(preset), null, overrides);
        }

        /** Runs it (resumable; an identical finished run is reused) with the given seeds (default 0). */
        public ExperimentRunner.RunResult run(long... seeds) throws Exception {
            return runWith(ExperimentRegistry.discover().get(experiment), seeds);
        }

        private <C extends Record> ExperimentRunner.RunResult runWith(Experiment<C> exp, long... seeds) throws Exception {
            C cfg = load(exp);
            List<Long> s = new ArrayList<>();
            for (long x : seeds.length == 0 ? new long[] {0} : seeds) {
                s.add(x);
            }
            return runner().run(exp, Preset.parse(preset), cfg, s, null);
        }

        @Override
        public String toString() {
            return experiment + " --preset " + preset + overrides.stream().map(o -> " --set " + o).reduce("", String::concat);
        }
    }

    /**
     * Runs {@code base} over every combination of {@code grid} (setting path → values), each combination a normal
     * run; returns the sweep (its folder holds results.csv with the swept columns, summary.md and sweep.png).
     */
    public static Sweep.Result sweep(Config base, Map<String, List<?>> grid, long... seeds) throws Exception {
        LinkedHashMap<String, List<String>> g = new LinkedHashMap<>();
        grid.forEach((k, v) -> g.put(k, v.stream().map(String::valueOf).toList()));
        return sweepWith(ExperimentRegistry.discover().get(base.experiment()), base, g, seeds);
    }

    private static <C extends Record> Sweep.Result sweepWith(Experiment<C> exp, Config base,
                                                             LinkedHashMap<String, List<String>> grid, long... seeds)
            throws Exception {
        List<Long> s = new ArrayList<>();
        for (long x : seeds.length == 0 ? new long[] {0} : seeds) {
            s.add(x);
        }
        Path repo = Provenance.repoRoot();
        return Sweep.run(runner(), exp, Preset.parse(base.preset()), null, base.overrides(), grid, s,
                repo.resolve("runs"));
    }

    /** Runs side by side (config differences, probe accuracy per variant and run, a bar chart in the first run's folder). */
    public static RunCatalog.Comparison compare(ExperimentRunner.RunResult... runs) throws IOException {
        List<Path> dirs = new ArrayList<>();
        for (ExperimentRunner.RunResult r : runs) {
            dirs.add(r.dir());
        }
        return RunCatalog.compare(dirs, runs[0].dir().resolve("figures").resolve("compare"));
    }

    private static ExperimentRunner runner() {
        Path repo = Provenance.repoRoot();
        return new ExperimentRunner(repo.resolve("experiments/configs"), repo.resolve("runs"));
    }

    /**
     * The run's summary, wide: one row per variant, one {@code mean ± std} column per headline metric (probe
     * accuracy, probe train accuracy, pre-training time, ...), rounded to what the seeds support. The long form
     * with every metric is {@code summary.csv} in the run folder ({@link Summary#meanStd}).
     */
    public static Table summary(ExperimentRunner.RunResult run) {
        return Summary.wide(run.rows());
    }

    /** A figure the run wrote ({@code NAME.png} in its figures folder). */
    public static BufferedImage figure(ExperimentRunner.RunResult run, String name) throws IOException {
        Path png = run.dir().resolve("figures").resolve(name + ".png");
        if (!Files.isRegularFile(png)) {
            throw new IOException("the run has no figure " + png.getFileName() + "; it has "
                    + Arrays.toString(run.dir().resolve("figures").toFile().list()));
        }
        return ImageIO.read(png.toFile());
    }

    /** The Markdown table the run wrote ({@code ID.md}), for {@code markdown(...)} in a notebook. */
    public static String markdown(ExperimentRunner.RunResult run, String name) throws IOException {
        return Files.readString(run.dir().resolve("figures").resolve(name + ".md"));
    }

    /** Copies the run's figures folder into {@code target} (the repository's figures/), file by file, atomically. */
    public static List<Path> publish(ExperimentRunner.RunResult run, Path target) throws IOException {
        Path src = run.dir().resolve("figures");
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(src)) {
            return out;
        }
        Files.createDirectories(target);
        try (Stream<Path> files = Files.list(src)) {
            for (Path f : files.sorted().toList()) {
                Path tmp = target.resolve("." + f.getFileName() + ".tmp");
                Files.copy(f, tmp, StandardCopyOption.REPLACE_EXISTING);
                org.coopt.workbench.util.AtomicFiles.move(tmp, target.resolve(f.getFileName()));
                out.add(target.resolve(f.getFileName()));
            }
        }
        return out;
    }
}
