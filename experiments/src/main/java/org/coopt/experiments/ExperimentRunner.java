package org.coopt.experiments;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.coopt.workbench.util.UserInputException;
import org.coopt.workbench.run.RunFolder;
import org.coopt.workbench.run.Seeds;
import org.coopt.workbench.util.Hashing;
import org.coopt.workbench.util.Json;
import org.coopt.workbench.util.Progress;

/**
 * Runs an experiment's cells (variant × seed) into a run folder:
 * <pre>
 *   config.json        the resolved run: experiment, preset, seeds and every setting
 *   provenance.json    code, data, machine, libraries, seeds, wall times, status
 *   cells/VARIANT__sSEED.csv  one tidy file per finished cell (a resumed run skips these)
 *   results.csv        all cells, tidy: experiment, variant, seed, metric, value
 *   summary.csv        mean ± std over seeds per variant and metric
 * </pre>
 * The default folder is {@code runs/ID-PRESET-HASH}, HASH being the SHA-256 of the resolved run, so
 * an identical finished run is found and not redone, and an interrupted one resumes in place.
 */
public final class ExperimentRunner {

    /** The resolved run written as config.json. */
    /**
     * config.json of a run: the experiment, preset, seeds, the config record with every component, and the defaults
     * in effect that no config sets ({@link org.coopt.experiments.pipeline.Pipeline#defaultsInEffect()}).
     */
    public record ResolvedRun(String experiment, String preset, List<Long> seeds, JsonElement config,
                              JsonElement defaults) {}

    /** What a run produced. */
    public record RunResult(Path dir, List<ResultRow> rows, boolean reused, int cellsRun, int cellsSkipped) {}

    private final Path configRoot;
    private final Path runsRoot;

    /**
     * @param configRoot folder with {@code ID/PRESET.json} config files ({@code experiments/configs})
     * @param runsRoot   where default run folders go ({@code runs/})
     */
    public ExperimentRunner(Path configRoot, Path runsRoot) {
        this.configRoot = configRoot;
        this.runsRoot = runsRoot;
    }

    /** Reads and validates {@code ID/PRESET.json} (or {@code override} if given) into the experiment's record. */
    public <C extends Record> C loadConfig(Experiment<C> exp, Preset preset, Path override) {
        return loadConfig(exp, preset, override, List.of());
    }

    /**
     * Reads {@code ID/PRESET.json} (or {@code file} if given) strictly ({@link ConfigReader}: unknown keys, wrong
     * types and unknown override paths are refused naming the key and the file), applies {@code overrides}
     * ({@code path=value}) and validates the record and its {@link ConfigChecks}; a refusal names the file or the
     * override the refused value came from.
     */
    public <C extends Record> C loadConfig(Experiment<C> exp, Preset preset, Path file, List<String> overrides) {
        Path f = file != null ? file : configFile(exp, preset);
        if (!Files.isRegularFile(f)) {
            throw new UserInputException("no config file " + f + " for " + exp.id() + " --preset " + preset.id()
                    + "; write one or pass --config FILE");
        }
        try {
            return ConfigReader.read(Files.readString(f), f.toString(), exp.configType(), overrides,
                    c -> ConfigChecks.check(exp.id(), c));
        } catch (IOException e) {
            throw new UserInputException("cannot read " + f + ": " + e.getMessage());
        }
    }

    /** {@code ID/PRESET.json} under the config root. */
    public Path configFile(Experiment<?> exp, Preset preset) {
        return configRoot.resolve(exp.id()).resolve(preset.id() + ".json");
    }

    /** Runs (or resumes, or finds finished) the experiment; {@code out} null means the default folder. */
    public <C extends Record> RunResult run(Experiment<C> exp, Preset preset, C config, List<Long> seeds, Path out)
            throws Exception {
        SeedList.check(seeds);
        ConfigChecks.check(exp.id(), config); // before any folder exists: a refused config leaves nothing behind
        ConfigChecks.checkData(exp.id(), config);
        List<String> variants = distinctVariants(exp, config);
        JsonElement cfgJson = JsonParser.parseString(Json.GSON.toJson(config));
        ResolvedRun resolved = new ResolvedRun(exp.id(), preset.id(), List.copyOf(seeds), cfgJson,
                org.coopt.experiments.pipeline.Pipeline.defaultsInEffect());
        String hash = Hashing.sha256(Json.GSON.toJson(resolved).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Path dir = out != null ? out : runsRoot.resolve(exp.id() + "-" + preset.id() + "-" + hash.substring(0, 12));

        if (Files.isRegularFile(dir.resolve("results.csv")) && finishedWith(dir, resolved)) {
            List<ResultRow> rows = TidyCsv.read(dir.resolve("results.csv"));
            exp.report(rows, config, dir); // figures and tables are regenerated from the run's own data
            return new RunResult(dir, rows, true, 0, 0);
        }
        if (Files.isRegularFile(dir.resolve("config.json")) && !sameConfig(dir, resolved)) {
            throw new UserInputException(dir + " holds a run with other settings; choose another --out or delete it");
        }

        Seeds runSeeds = new Seeds(seeds.get(0));
        boolean existed = Files.exists(dir);
        boolean fresh = isAbsentOrEmpty(dir);
        Path cells = dir.resolve("cells");
        Files.createDirectories(cells);
        try {
            return runCells(exp, preset, config, seeds, dir, resolved, runSeeds, variants, cells);
        } catch (UserInputException e) {
            // a refusal met inside the first cell of a new folder (a dataset missing on this machine, d > N of the
            // whole pool) leaves no half-made folder: nothing was computed that a resume could reuse
            if (fresh && isAbsentOrEmpty(cells)) {
                if (existed) {
                    deleteContents(dir);
                } else {
                    org.coopt.workbench.util.AtomicFiles.deleteTree(dir);
                }
            }
            throw e;
        }
    }

    private <C extends Record> RunResult runCells(Experiment<C> exp, Preset preset, C config, List<Long> seeds,
                                                  Path dir, ResolvedRun resolved, Seeds runSeeds,
                                                  List<String> variants, Path cells) throws Exception {
        List<ResultRow> all = new ArrayList<>();
        int ran = 0;
        int skipped = 0;
        RunFolder run = RunFolder.open(dir, resolved, runSeeds);
        try (Progress progress = new Progress(exp.id() + " cells", (long) variants.size() * seeds.size(), "cells")) {
            for (long seed : seeds) {
                for (String variant : variants) {
                    org.coopt.workbench.util.Interrupts.check(exp.id() + " before cell " + variant + " s" + seed);
                    Path cellFile = cells.resolve(safe(variant) + "__s" + seed + ".csv");
                    if (Files.isRegularFile(cellFile)) {
                        all.addAll(TidyCsv.read(cellFile));
                        skipped++;
                    } else {
                        Seeds cellSeeds = new Seeds(seed).split(variant);
                        Path scratch = cellScratch(dir, variant, seed);
                        // an interrupted attempt's feature caches would make the resumed cell's CoOpt time
                        // near zero: every cell starts from an empty scratch folder, so it is timed from scratch
                        org.coopt.workbench.util.AtomicFiles.deleteTree(scratch);
                        Files.createDirectories(scratch);
                        List<ResultRow> rows;
                        try {
                            rows = run.stage("cell " + variant + " s" + seed, () ->
                                    exp.runCell(variant, seed, config, new CellContext(run, cellSeeds, scratch, preset)));
                        } catch (Exception | Error e) {
                            org.coopt.workbench.util.AtomicFiles.deleteTree(scratch); // a failed cell's features are redone anyway (see above)
                            throw e;
                        }
                        for (ResultRow r : rows) {
                            if (!r.variant().equals(variant) || r.seed() != seed || !r.experiment().equals(exp.id())) {
                                throw new IllegalStateException(exp.id() + " returned a row for another cell: " + r);
                            }
                        }
                        TidyCsv.write(cellFile, rows);
                        all.addAll(rows);
                        ran++;
                    }
                    progress.step(1);
                }
            }
            TidyCsv.write(dir.resolve("results.csv"), all);
            Summary.meanStd(all).write().csv(dir.resolve("summary.csv.tmp").toFile());
            org.coopt.workbench.util.AtomicFiles.move(dir.resolve("summary.csv.tmp"), dir.resolve("summary.csv"));
            run.checkpoint(); // the report reads the recorded wall times from provenance.json
            exp.report(all, config, dir);
            run.finish();
        } catch (Exception | Error e) {
            run.fail(e);
            throw e;
        }
        return new RunResult(dir, all, false, ran, skipped);
    }

    /**
     * The experiment's variants, each once: a variant listed twice (a method named twice, two prior sets of one
     * name, fractions that print alike) would write one cell file twice and count one result as two seeds.
     */
    static <C extends Record> List<String> distinctVariants(Experiment<C> exp, C config) {
        List<String> variants = exp.variants(config);
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (String v : variants) {
            if (!seen.add(v)) {
                throw new UserInputException(exp.id() + ": variant '" + v + "' would run twice (a name repeated in "
                        + "the config's methods, prior sets or other lists); give each once");
            }
        }
        return variants;
    }

    private static boolean isAbsentOrEmpty(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return true;
        }
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (java.util.stream.Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }

    /** Deletes what is inside {@code dir} (an empty --out folder the user made stays, empty). */
    private static void deleteContents(Path dir) throws IOException {
        try (java.util.stream.Stream<Path> s = Files.list(dir)) {
            for (Path p : s.toList()) {
                org.coopt.workbench.util.AtomicFiles.deleteTree(p);
            }
        }
    }

    private static boolean finishedWith(Path dir, ResolvedRun resolved) throws IOException {
        Path prov = dir.resolve("provenance.json");
        if (!Files.isRegularFile(prov) || !sameConfig(dir, resolved)) {
            return false;
        }
        JsonObject p = JsonParser.parseString(Files.readString(prov)).getAsJsonObject();
        return p.has("status") && "finished".equals(p.get("status").getAsString());
    }

    private static boolean sameConfig(Path dir, ResolvedRun resolved) throws IOException {
        JsonElement onDisk = JsonParser.parseString(Files.readString(dir.resolve("config.json")));
        return onDisk.equals(JsonParser.parseString(Json.GSON.toJson(resolved)));
    }

    /** The scratch folder of cell (variant, seed) in run folder {@code runDir}, where a report may read back files. */
    public static Path cellScratch(Path runDir, String variant, long seed) {
        return runDir.resolve("scratch").resolve(safe(variant) + "__s" + seed);
    }

    static String safe(String s) {
        return s.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
