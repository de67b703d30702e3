package org.coopt.experiments;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.coopt.experiments.report.Figures;
import org.coopt.experiments.report.RunReport;
import org.coopt.experiments.report.Stats;
import org.coopt.workbench.util.UserInputException;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * The run folders as a catalogue: {@link #list} (one line per run: experiment, preset, seeds, status, the settings
 * that differ from the committed config, the best headline value, date) and {@link #compare} (several runs side by
 * side: their config differences first, then the headline metric per variant and run, and a bar chart).
 */
public final class RunCatalog {
    private RunCatalog() {}

    /** One run folder as the catalogue sees it. */
    public record Entry(Path dir, String experiment, String preset, List<Long> seeds, String status, String finished,
                        Map<String, String> overrides, String best) {}

    /** Every run folder under {@code runsRoot} (those with a config.json), oldest first. */
    public static List<Entry> list(Path runsRoot, Path configRoot) throws IOException {
        List<Entry> out = new ArrayList<>();
        if (!Files.isDirectory(runsRoot)) {
            return out;
        }
        try (Stream<Path> s = Files.list(runsRoot)) {
            for (Path d : s.sorted().toList()) {
                if (Files.isRegularFile(d.resolve("config.json"))) {
                    try {
                        out.add(entry(d, configRoot));
                    } catch (IOException | RuntimeException e) {
                        out.add(new Entry(d, "?", "?", List.of(), "unreadable (" + e.getClass().getSimpleName() + ")",
                                "", Map.of(), ""));
                    }
                }
            }
        }
        out.sort((a, b) -> a.finished().compareTo(b.finished()));
        return out;
    }

    static Entry entry(Path d, Path configRoot) throws IOException {
        JsonObject cfg = JsonParser.parseString(Files.readString(d.resolve("config.json"))).getAsJsonObject();
        String exp = cfg.get("experiment").getAsString();
        String preset = cfg.get("preset").getAsString();
        List<Long> seeds = new ArrayList<>();
        cfg.getAsJsonArray("seeds").forEach(x -> seeds.add(x.getAsLong()));
        String status = "incomplete";
        String when = "";
        Path prov = d.resolve("provenance.json");
        if (Files.isRegularFile(prov)) {
            JsonObject p = JsonParser.parseString(Files.readString(prov)).getAsJsonObject();
            status = p.has("status") ? p.get("status").getAsString() : status;
            when = p.has("finished") && !p.get("finished").isJsonNull() ? p.get("finished").getAsString()
                    : p.has("started") ? p.get("started").getAsString() : "";
        }
        Map<String, String> overrides = new LinkedHashMap<>();
        Path committed = configRoot.resolve(exp).resolve(preset + ".json");
        if (Files.isRegularFile(committed)) {
            Map<String, String> base = flatten(committedResolved(exp, preset, configRoot));
            Map<String, String> mine = flatten(cfg.get("config"));
            mine.forEach((k, v) -> {
                if (!v.equals(base.get(k))) {
                    overrides.put(k, v);
                }
            });
        }
        String best = "";
        Path results = d.resolve("results.csv");
        if (Files.isRegularFile(results)) {
            List<ResultRow> rows = TidyCsv.read(results);
            double top = Double.NEGATIVE_INFINITY;
            for (String v : RunReport.variants(rows)) {
                double m = RunReport.mean(rows, v, Sweep.HEADLINE);
                if (m > top) {
                    top = m;
                    best = String.format(Locale.ROOT, "%s %.2f", v, m);
                }
            }
        }
        return new Entry(d, exp, preset, seeds, status, when, overrides, best);
    }

    /** The committed config of (experiment, preset), resolved through its record (every default filled in). */
    private static JsonElement committedResolved(String exp, String preset, Path configRoot) {
        try {
            Experiment<?> e = ExperimentRegistry.discover().get(exp);
            Record c = new ExperimentRunner(configRoot, configRoot).loadConfig(e, Preset.parse(preset), null);
            return ConfigReader.toJson(c);
        } catch (RuntimeException ex) {
            return new JsonObject(); // a committed config that no longer reads: every setting shows as differing
        }
    }

    /** JSON flattened to {@code a.b.c → value} (lists as their JSON text). */
    static Map<String, String> flatten(JsonElement e) {
        Map<String, String> out = new TreeMap<>();
        flatten(e, "", out);
        return out;
    }

    private static void flatten(JsonElement e, String prefix, Map<String, String> out) {
        if (e != null && e.isJsonObject()) {
            for (Map.Entry<String, JsonElement> x : e.getAsJsonObject().entrySet()) {
                flatten(x.getValue(), prefix.isEmpty() ? x.getKey() : prefix + "." + x.getKey(), out);
            }
        } else {
            out.put(prefix, e == null || e.isJsonNull() ? "null" : e.toString());
        }
    }

    /** The catalogue as a text table. */
    public static String format(List<Entry> entries) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-28s %-8s %-6s %-9s %-11s %-22s %s%n",
                "run folder", "exp", "preset", "seeds", "status", "best probe_acc", "overrides"));
        for (Entry e : entries) {
            sb.append(String.format(Locale.ROOT, "%-28s %-8s %-6s %-9s %-11s %-22s %s%n", e.dir().getFileName(),
                    e.experiment(), e.preset(), e.seeds().toString().replace(" ", ""), e.status(), e.best(),
                    e.overrides().isEmpty() ? "-" : e.overrides().toString()));
        }
        return sb.toString();
    }

    /** The result of {@link #compare}: Markdown text and the chart's PNG (null when no headline metric). */
    public record Comparison(String markdown, Path figure) {}

    /**
     * Runs side by side: the settings that differ between them (flattened paths), then {@code probe_acc} mean ±
     * std over seeds per variant (rows) and run (columns), and a grouped bar chart written to {@code figureBase}.
     */
    public static Comparison compare(List<Path> runs, Path figureBase) throws IOException {
        if (runs.size() < 2) {
            throw new UserInputException("compare needs at least two run folders");
        }
        List<Map<String, String>> configs = new ArrayList<>();
        List<List<ResultRow>> rows = new ArrayList<>();
        for (Path r : runs) {
            if (!Files.isRegularFile(r.resolve("config.json"))) {
                throw new UserInputException(r + " is not a run folder (no config.json); see ./coopt runs");
            }
            JsonObject cfg = JsonParser.parseString(Files.readString(r.resolve("config.json"))).getAsJsonObject();
            Map<String, String> flat = flatten(cfg);
            configs.add(flat);
            Path results = r.resolve("results.csv");
            if (!Files.isRegularFile(results)) {
                throw new UserInputException(r + " has no results.csv yet (unfinished run); finish it with ./coopt run");
            }
            rows.add(TidyCsv.read(results));
        }
        Set<String> keys = new LinkedHashSet<>();
        configs.forEach(c -> keys.addAll(c.keySet()));
        StringBuilder md = new StringBuilder("# Runs compared\n\n## Settings that differ\n\n| setting |");
        runs.forEach(r -> md.append(' ').append(r.getFileName()).append(" |"));
        md.append("\n|---|").append("---|".repeat(runs.size())).append('\n');
        int differing = 0;
        for (String k : keys) {
            Set<String> values = new LinkedHashSet<>();
            configs.forEach(c -> values.add(c.getOrDefault(k, "—")));
            if (values.size() > 1) {
                differing++;
                md.append("| ").append(k).append(" |");
                configs.forEach(c -> md.append(' ').append(c.getOrDefault(k, "—")).append(" |"));
                md.append('\n');
            }
        }
        if (differing == 0) {
            md.append("| (none: the same settings) |").append(" |".repeat(runs.size())).append('\n');
        }
        md.append("\n## ").append(Sweep.HEADLINE).append(" (%), mean ± sample std over seeds\n\n| variant |");
        runs.forEach(r -> md.append(' ').append(r.getFileName()).append(" |"));
        md.append("\n|---|").append("---|".repeat(runs.size())).append('\n');
        Set<String> variants = new LinkedHashSet<>();
        rows.forEach(r -> variants.addAll(RunReport.variants(r)));
        CategoryChart chart = new CategoryChartBuilder().width(760).height(460).title("probe accuracy by run")
                .xAxisTitle("variant").yAxisTitle(Sweep.HEADLINE + " (%)").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        List<String> shown = new ArrayList<>();
        for (String v : variants) {
            boolean any = rows.stream().anyMatch(r -> RunReport.values(r, v, Sweep.HEADLINE).length > 0);
            if (!any) {
                continue;
            }
            shown.add(v);
            md.append("| ").append(v).append(" |");
            for (List<ResultRow> r : rows) {
                double[] x = RunReport.values(r, v, Sweep.HEADLINE);
                md.append(x.length == 0 ? " — |" : String.format(Locale.ROOT, " %.2f ± %.2f |", Stats.mean(x),
                        x.length > 1 ? Stats.sampleStd(x) : 0));
            }
            md.append('\n');
        }
        Path png = null;
        if (!shown.isEmpty()) {
            for (int i = 0; i < runs.size(); i++) {
                List<Double> y = new ArrayList<>();
                List<Double> err = new ArrayList<>();
                for (String v : shown) {
                    double[] x = RunReport.values(rows.get(i), v, Sweep.HEADLINE);
                    y.add(x.length == 0 ? 0 : Stats.mean(x));
                    err.add(x.length > 1 ? Stats.sampleStd(x) : 0);
                }
                chart.addSeries(runs.get(i).getFileName().toString(), shown, y, err);
            }
            png = Figures.save(chart, figureBase);
        }
        return new Comparison(md.toString(), png);
    }
}
