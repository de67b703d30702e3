package org.coopt.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.coopt.workbench.util.UserInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A sweep over a planted experiment: probe_acc = scale · (index of variant + 1) + offset + seed. */
class SweepTest {
    record Knobs(int scale, double offset, List<String> variants) {}

    static final class Planted implements Experiment<Knobs> {
        public String id() { return "planted"; }
        public String title() { return "planted"; }
        public String paperClaim() { return "none"; }
        public Class<Knobs> configType() { return Knobs.class; }
        public List<String> variants(Knobs c) { return c.variants(); }

        public List<ResultRow> runCell(String variant, long seed, Knobs c, CellContext ctx) {
            double v = c.scale() * (c.variants().indexOf(variant) + 1) + c.offset() + seed;
            return List.of(new ResultRow("planted", variant, seed, "probe_acc", v));
        }
    }

    @Test
    void everyCombinationRunsOnceAndTheSweepGathersThemWithSweptColumns(@TempDir Path tmp) throws Exception {
        Files.createDirectories(tmp.resolve("configs/planted"));
        Files.writeString(tmp.resolve("configs/planted/smoke.json"), "{\"scale\": 1, \"offset\": 0, \"variants\": [\"a\", \"b\"]}");
        ExperimentRunner runner = new ExperimentRunner(tmp.resolve("configs"), tmp.resolve("runs"));
        var grid = Sweep.grid(List.of("scale=1,2", "offset=0,10"));
        Sweep.Result r = Sweep.run(runner, new Planted(), Preset.SMOKE, null, List.of(), grid, List.of(0L, 1L),
                tmp.resolve("runs"));
        assertEquals(4, r.runs().size(), "2 × 2 combinations");
        assertEquals(List.of("1", "1", "2", "2"), r.combinations().stream().map(c -> c.get("scale")).toList());
        List<String> csv = Files.readAllLines(r.dir().resolve("results.csv"));
        assertEquals("experiment,variant,seed,metric,step,value,scale,offset", csv.get(0));
        assertEquals(1 + 4 * 2 * 2, csv.size(), "4 runs × 2 variants × 2 seeds");
        assertTrue(csv.contains("planted,b,1,probe_acc,,15.0,2,10"), "b, seed 1, scale 2, offset 10: 2·2 + 10 + 1");
        String md = Files.readString(r.dir().resolve("summary.md"));
        assertTrue(md.contains("| 2 | 10 | b | 14.50 ± 0.71 | 2 |"), md);
        assertTrue(Files.isRegularFile(r.dir().resolve("sweep.png")));

        Sweep.Result again = Sweep.run(runner, new Planted(), Preset.SMOKE, null, List.of(), grid, List.of(0L, 1L),
                tmp.resolve("runs"));
        assertTrue(again.runs().stream().allMatch(ExperimentRunner.RunResult::reused), "identical runs are reused");
        assertEquals(r.dir(), again.dir());
    }

    @Test
    void aBadGridIsRefusedBeforeAnyRun(@TempDir Path tmp) throws Exception {
        Files.createDirectories(tmp.resolve("configs/planted"));
        Files.writeString(tmp.resolve("configs/planted/smoke.json"), "{\"scale\": 1, \"offset\": 0, \"variants\": [\"a\"]}");
        ExperimentRunner runner = new ExperimentRunner(tmp.resolve("configs"), tmp.resolve("runs"));
        UserInputException e = assertThrows(UserInputException.class, () -> Sweep.run(runner, new Planted(),
                Preset.SMOKE, null, List.of(), Sweep.grid(List.of("scale=1,2", "ofset=0,1")), List.of(0L), tmp.resolve("runs")));
        assertTrue(e.getMessage().contains("no setting 'ofset'"), e.getMessage());
        e = assertThrows(UserInputException.class, () -> Sweep.run(runner, new Planted(), Preset.SMOKE, null, List.of(),
                Sweep.grid(List.of("scale=1,x")), List.of(0L), tmp.resolve("runs")));
        assertTrue(e.getMessage().contains("'scale' must be a number"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("runs")), "nothing ran");
        assertThrows(UserInputException.class, () -> Sweep.grid(List.of("scale")));
        assertThrows(UserInputException.class, () -> Sweep.grid(List.of()));
    }

    @Test
    void aRunReRunFromItsOwnConfigJsonIsFoundIdentical(@TempDir Path tmp) throws Exception {
        Files.createDirectories(tmp.resolve("configs/planted"));
        Files.writeString(tmp.resolve("configs/planted/smoke.json"), "{\"scale\": 2, \"offset\": 1, \"variants\": [\"a\"]}");
        ExperimentRunner runner = new ExperimentRunner(tmp.resolve("configs"), tmp.resolve("runs"));
        Planted exp = new Planted();
        Knobs k = runner.loadConfig(exp, Preset.SMOKE, null, List.of("offset=5"));
        ExperimentRunner.RunResult first = runner.run(exp, Preset.SMOKE, k, List.of(0L, 1L), null);
        var recorded = com.google.gson.JsonParser.parseString(Files.readString(first.dir().resolve("config.json")))
                .getAsJsonObject().get("config");
        Path own = Files.writeString(tmp.resolve("own.json"), recorded.toString());
        Knobs back = runner.loadConfig(exp, Preset.SMOKE, own, List.of());
        assertEquals(k, back, "config.json holds the whole resolved config");
        var defaults = com.google.gson.JsonParser.parseString(Files.readString(first.dir().resolve("config.json")))
                .getAsJsonObject().getAsJsonObject("defaults");
        assertEquals(org.coopt.workbench.eval.ProbeSettings.defaults().learningRate(),
                defaults.getAsJsonObject("probe").get("learningRate").getAsDouble(), "the probe's defaults are recorded");
        assertTrue(defaults.has("augmentation") && defaults.has("knnMonitor") && defaults.has("platform"), defaults.toString());
        ExperimentRunner.RunResult again = runner.run(exp, Preset.SMOKE, back, List.of(0L, 1L), null);
        assertTrue(again.reused());
        assertEquals(first.dir(), again.dir());
    }

    @Test
    void compareShowsTheDifferingSettingsFirstAndTheHeadlinePerVariantAndRun(@TempDir Path tmp) throws Exception {
        Files.createDirectories(tmp.resolve("configs/planted"));
        Files.writeString(tmp.resolve("configs/planted/smoke.json"), "{\"scale\": 1, \"offset\": 0, \"variants\": [\"a\", \"b\"]}");
        ExperimentRunner runner = new ExperimentRunner(tmp.resolve("configs"), tmp.resolve("runs"));
        Planted exp = new Planted();
        ExperimentRunner.RunResult base = runner.run(exp, Preset.SMOKE, runner.loadConfig(exp, Preset.SMOKE, null),
                List.of(0L, 1L), null);
        ExperimentRunner.RunResult shifted = runner.run(exp, Preset.SMOKE,
                runner.loadConfig(exp, Preset.SMOKE, null, List.of("offset=10")), List.of(0L, 1L), null);
        RunCatalog.Comparison c = RunCatalog.compare(List.of(base.dir(), shifted.dir()), tmp.resolve("cmp"));
        String md = c.markdown();
        int settings = md.indexOf("## Settings that differ");
        int headline = md.indexOf("## probe_acc");
        assertTrue(settings >= 0 && headline > settings, md);
        assertTrue(md.contains("| config.offset | 0.0 | 10.0 |") || md.contains("| config.offset | 0 | 10 |"), md);
        assertFalse(md.contains("| config.scale |"), "equal settings are not listed: " + md);
        assertTrue(md.contains("| b | 2.50 ± 0.71 | 12.50 ± 0.71 |"), md);
        assertTrue(Files.isRegularFile(c.figure()));
        List<RunCatalog.Entry> all = RunCatalog.list(tmp.resolve("runs"), tmp.resolve("configs"));
        assertEquals(2, all.size());
        RunCatalog.Entry s = all.stream().filter(e -> e.dir().equals(shifted.dir())).findFirst().orElseThrow();
        assertEquals("finished", s.status());
        assertTrue(s.overrides().toString().contains("offset"), s.overrides().toString());
        assertTrue(s.best().startsWith("b 12.50"), s.best());
        assertThrows(UserInputException.class, () -> RunCatalog.compare(List.of(base.dir()), tmp.resolve("x")));
    }
}
