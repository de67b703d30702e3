package org.coopt.experiments;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.coopt.experiments.report.Figures;
import org.coopt.experiments.report.RunReport;
import org.coopt.experiments.report.Stats;
import org.coopt.workbench.util.AtomicFiles;
import org.coopt.workbench.util.Hashing;
import org.coopt.workbench.util.UserInputException;
import org.coopt.workbench.util.Log;

/**
 * A grid of overrides over one experiment config: every combination of the swept values is an ordinary run
 * (its own run folder, resumable, reused when identical), and the sweep folder gathers them:
 * <ul>
 * <li>{@code results.csv}: the runs' tidy rows with one column per swept setting
 *     ({@code experiment,variant,seed,metric,step,value,SETTING...});</li>
 * <li>{@code summary.md}: the headline metric, mean ± sample std over seeds, per combination and variant;</li>
 * <li>{@code sweep.sha256}: what the folder holds, so that a sweep given the folder of another one with
 *     {@code --out} is refused (as {@code run --out} refuses a folder of another run);</li>
 * <li>{@code sweep.png/svg}: the headline metric against the first swept setting, one line per variant (and per
 *     value of the other settings); categorical values are placed at 0, 1, 2, … in grid order.</li>
 * </ul>
 */
public final class Sweep {
    private Sweep() {}

    /** The headline metric of every experiment's students: linear-probe test accuracy (%). */
    public static final String HEADLINE = "probe_acc";

    /** The sweep folder's record of what it holds: the SHA-256 of the sweep's resolved configs, grid and seeds. */
    static final String KEY_FILE = "sweep.sha256";

    /** The outcome: the sweep folder, one run per combination (grid order) and the combinations. */
    public record Result(Path dir, List<ExperimentRunner.RunResult> runs, List<Map<String, String>> combinations) {}

    /** Parses {@code path=v1,v2,...} grid options into an ordered map. */
    public static LinkedHashMap<String, List<String>> grid(List<String> options) {
        LinkedHashMap<String, List<String>> g = new LinkedHashMap<>();
        for (String o : options) {
            int eq = o.indexOf('=');
            if (eq <= 0 || eq == o.length() - 1) {
                throw new UserInputException("--grid '" + o + "' must be PATH=V1,V2,..., e.g. coopt.dim=32,64,128");
            }
            String path = o.substring(0, eq).trim();
            if (g.containsKey(path)) {
                throw new UserInputException("--grid names " + path + " twice; give all its values in one --grid "
                        + path + "=V1,V2,...");
            }
            List<String> values = new ArrayList<>();
            for (String v : o.substring(eq + 1).split(",")) {
                if (!v.isBlank()) {
                    if (values.contains(v.trim())) {
                        throw new UserInputException("--grid " + path + " lists " + v.trim() + " twice; each value is "
                                + "one run, give it once");
                    }
                    values.add(v.trim());
                }
            }
            if (values.isEmpty()) {
                throw new UserInputException("--grid '" + o + "' names no values; use PATH=V1,V2,...");
            }
            g.put(path, values);
        }
        if (g.isEmpty()) {
            throw new UserInputException("a sweep needs at least one --grid PATH=V1,V2");
        }
        Overrides.requireDistinct(g.keySet().stream().map(k -> "--grid " + k).toList());
        return g;
    }

    /** Every combination of the grid, the first setting varying slowest. */
    static List<Map<String, String>> combinations(LinkedHashMap<String, List<String>> grid) {
        List<Map<String, String>> out = new ArrayList<>();
        out.add(new LinkedHashMap<>());
        for (var e : grid.entrySet()) {
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> partial : out) {
                for (String v : e.getValue()) {
                    Map<String, String> m = new LinkedHashMap<>(partial);
                    m.put(e.getKey(), v);
                    next.add(m);
                }
            }
            out = next;
        }
        return out;
    }

    /**
     * Runs every combination of {@code grid} on top of {@code base} overrides. All configs are read (and refused
     * on a bad path or value) before the first run starts.
     */
    public static <C extends Record> Result run(ExperimentRunner runner, Experiment<C> exp, Preset preset, Path file,
                                                List<String> base, LinkedHashMap<String, List<String>> grid,
                                                List<Long> seeds, Path sweepsRoot) throws Exception {
        return run(runner, exp, preset, file, base, grid, seeds, sweepsRoot, null);
    }

    /**
     * {@link #run(ExperimentRunner, Experiment, Preset, Path, List, LinkedHashMap, List, Path)} into the sweep folder
     * {@code out} (null: {@code sweepsRoot/sweep-ID-PRESET-HASH}). Refused before the first run: a bad seed list, a
     * path both fixed and swept, and two grid values that read as the same setting ({@code 16,016},
     * {@code 1e-3,0.001}): those runs would be one run counted twice.
     */
    public static <C extends Record> Result run(ExperimentRunner runner, Experiment<C> exp, Preset preset, Path file,
                                                List<String> base, LinkedHashMap<String, List<String>> grid,
                                                List<Long> seeds, Path sweepsRoot, Path out) throws Exception {
        SeedList.check(seeds);
        List<String> options = new ArrayList<>(Overrides.labelled("--set", base));
        grid.forEach((k, v) -> options.add("--grid " + k + "=" + String.join(",", v)));
        Overrides.requireDistinct(options);
        List<Map<String, String>> combos = combinations(grid);
        List<C> configs = new ArrayList<>();
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (Map<String, String> combo : combos) {
            List<String> o = new ArrayList<>(base);
            combo.forEach((k, v) -> o.add(k + "=" + v));
            C c;
            try {
                c = runner.loadConfig(exp, preset, file, o);
            } catch (UserInputException e) {
                throw gridSource(e, combo);
            }
            ConfigChecks.check(exp.id(), c);
            ConfigChecks.checkData(exp.id(), c);
            ExperimentRunner.distinctVariants(exp, c);
            Integer twin = seen.putIfAbsent(ConfigReader.toJson(c).toString(), configs.size());
            if (twin != null) {
                throw new UserInputException(sameValues(combos.get(twin), combo));
            }
            configs.add(c);
        }
        // the resolved configs, not the command line: two config files never share a sweep folder
        StringBuilder key = new StringBuilder(exp.id() + "|" + preset.id() + "|" + grid.keySet() + "|" + seeds);
        configs.forEach(c -> key.append('|').append(ConfigReader.toJson(c)));
        String hash = Hashing.sha256(key.toString().getBytes(StandardCharsets.UTF_8));
        Path dir = out != null ? out : sweepsRoot.resolve("sweep-" + exp.id() + "-" + preset.id() + "-"
                + hash.substring(0, 12));
        // as run --out: a folder holding another sweep is refused, not overwritten with a mix of two sweeps
        Path keyFile = dir.resolve(KEY_FILE);
        if (Files.isRegularFile(keyFile) && !Files.readString(keyFile).trim().equals(hash)) {
            throw new UserInputException(dir + " holds a sweep with other settings; choose another --out or delete it");
        }
        // claimed before the first run, so an interrupted sweep's folder is refused to another sweep too; a refusal
        // of the first run leaves no folder this sweep made
        boolean made = !Files.exists(dir);
        boolean claimed = Files.isRegularFile(keyFile);
        Files.createDirectories(dir);
        AtomicFiles.writeString(keyFile, hash + "\n");
        List<ExperimentRunner.RunResult> runs = new ArrayList<>();
        try (org.coopt.workbench.util.Progress progress = new org.coopt.workbench.util.Progress("sweep " + exp.id(),
                combos.size(), "runs")) {
            for (int i = 0; i < combos.size(); i++) {
                Log.info("[sweep] " + (i + 1) + "/" + combos.size() + ": " + combos.get(i));
                runs.add(runner.run(exp, preset, configs.get(i), seeds, null));
                progress.step(1);
            }
        } catch (UserInputException e) {
            if (runs.isEmpty()) {
                if (made) {
                    AtomicFiles.deleteTree(dir);
                } else if (!claimed) {
                    Files.deleteIfExists(keyFile);
                }
            }
            throw e;
        }
        write(dir, exp.id(), new ArrayList<>(grid.keySet()), combos, runs);
        return new Result(dir, runs, combos);
    }

    /**
     * A refusal the reader blamed on {@code --set PATH=VALUE} where PATH=VALUE is a grid value: renamed to the
     * {@code --grid} option the user wrote, so the message points at the option that holds the value.
     */
    static UserInputException gridSource(UserInputException e, Map<String, String> combo) {
        for (var kv : combo.entrySet()) {
            String set = "--set " + kv.getKey() + "=" + kv.getValue() + ":";
            if (e.getMessage().startsWith(set)) {
                return new UserInputException("--grid " + kv.getKey() + " value " + kv.getValue() + ":"
                        + e.getMessage().substring(set.length()), e);
            }
        }
        return e;
    }

    /** The message for two combinations that resolve to the same config: the grid values that read alike. */
    static String sameValues(Map<String, String> a, Map<String, String> b) {
        List<String> differ = new ArrayList<>();
        a.forEach((k, v) -> {
            if (!v.equals(b.get(k))) {
                differ.add("--grid " + k + ": " + v + " and " + b.get(k));
            }
        });
        if (differ.isEmpty()) {
            return "the grid lists the combination " + a + " twice; give each value once";
        }
        return String.join("; ", differ) + (differ.size() == 1 ? " are" : " each are") + " the same setting once read ("
                + "the two runs would be one run counted twice); give each value once";
    }

    static void write(Path dir, String id, List<String> paths, List<Map<String, String>> combos,
                      List<ExperimentRunner.RunResult> runs) throws IOException {
        StringBuilder csv = new StringBuilder(TidyCsv.HEADER);
        paths.forEach(p -> csv.append(',').append(TidyCsv.quote(p)));
        csv.append('\n');
        StringBuilder md = new StringBuilder("# Sweep of " + id + " over " + String.join(", ", paths) + "\n\n");
        md.append("Headline: ").append(HEADLINE).append(" (%), mean ± sample std over seeds; each row is one run "
                + "folder.\n\n| ");
        paths.forEach(p -> md.append(p).append(" | "));
        md.append("variant | ").append(HEADLINE).append(" | seeds | run folder |\n|");
        md.append("---|".repeat(paths.size() + 4)).append('\n');
        Map<String, List<double[]>> series = new LinkedHashMap<>();
        String first = paths.get(0);
        List<String> firstValues = combos.stream().map(c -> c.get(first)).distinct().toList();
        boolean numeric = firstValues.stream().allMatch(Sweep::isNumber);
        for (int i = 0; i < combos.size(); i++) {
            Map<String, String> combo = combos.get(i);
            List<ResultRow> rows = runs.get(i).rows();
            for (ResultRow r : rows) {
                csv.append(TidyCsv.fields(r));
                paths.forEach(p -> csv.append(',').append(TidyCsv.quote(combo.get(p))));
                csv.append('\n');
            }
            for (String v : RunReport.variants(rows)) {
                double[] vals = RunReport.values(rows, v, HEADLINE);
                if (vals.length == 0) {
                    continue;
                }
                double mean = Stats.mean(vals);
                double sd = vals.length > 1 ? Stats.sampleStd(vals) : 0;
                md.append("| ");
                paths.forEach(p -> md.append(combo.get(p)).append(" | "));
                md.append(String.format(Locale.ROOT, "%s | %.2f ± %.2f | %d | `%s` |%n", v, mean, sd, vals.length,
                        runs.get(i).dir().getFileName()));
                StringBuilder name = new StringBuilder(v);
                paths.stream().skip(1).forEach(p -> name.append(", ").append(p).append('=').append(combo.get(p)));
                double x = numeric ? Double.parseDouble(combo.get(first)) : firstValues.indexOf(combo.get(first));
                series.computeIfAbsent(name.toString(), k -> new ArrayList<>()).add(new double[] {x, mean, sd});
            }
        }
        AtomicFiles.writeString(dir.resolve("results.csv"), csv.toString());
        AtomicFiles.writeString(dir.resolve("summary.md"), md.toString());
        if (!series.isEmpty()) {
            String xLabel = numeric ? first : first + " (" + String.join(", ", firstValues) + ")";
            org.knowm.xchart.XYChart chart = Figures.lines(id + ": " + HEADLINE + " against " + first + " (error bars: "
                    + "sample std over seeds)", xLabel, HEADLINE + " (%)", List.of());
            series.forEach((n, pts) -> chart.addSeries(n, pts.stream().mapToDouble(p -> p[0]).toArray(),
                    pts.stream().mapToDouble(p -> p[1]).toArray(), pts.stream().mapToDouble(p -> p[2]).toArray())
                    .setMarker(org.knowm.xchart.style.markers.SeriesMarkers.CIRCLE));
            Figures.save(chart, dir.resolve("sweep"));
        }
    }

    private static boolean isNumber(String s) {
        try {
            Double.parseDouble(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
