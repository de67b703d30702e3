package org.coopt.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.coopt.workbench.util.UserInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

class ExperimentRunnerTest {

    record ToyConfig(int scale, List<String> variants) {
        ToyConfig {
            if (scale < 1) {
                throw new IllegalArgumentException("scale must be >= 1");
            }
        }
    }

    /** value = scale · (index of variant + 1) + seed; fails once on variant "b" when asked to. */
    static final class Toy implements Experiment<ToyConfig> {
        final AtomicInteger calls = new AtomicInteger();
        boolean failOnB;
        boolean interruptOnB;

        public String id() { return "toy"; }
        public String title() { return "toy"; }
        public String paperClaim() { return "none"; }
        public Class<ToyConfig> configType() { return ToyConfig.class; }
        public List<String> variants(ToyConfig c) { return c.variants(); }

        public List<ResultRow> runCell(String variant, long seed, ToyConfig c, CellContext ctx) {
            calls.incrementAndGet();
            if (failOnB && variant.equals("b")) {
                throw new IllegalStateException("planted failure");
            }
            if (interruptOnB && variant.equals("b")) {
                Thread.currentThread().interrupt(); // as the notebook's interrupt button does, while b runs
            }
            double v = c.scale() * (c.variants().indexOf(variant) + 1) + seed;
            ctx.seeds().child("noise");
            return List.of(new ResultRow("toy", variant, seed, "acc", v));
        }
    }

    @Test
    void resumesFinishedCellsAndDoesNotRedoAnIdenticalRun(@TempDir Path tmp) throws Exception {
        Toy toy = new Toy();
        ExperimentRunner runner = new ExperimentRunner(tmp.resolve("configs"), tmp.resolve("runs"));
        ToyConfig cfg = new ToyConfig(10, List.of("a", "b", "c"));
        List<Long> seeds = List.of(0L, 1L);

        toy.failOnB = true;
        assertThrows(IllegalStateException.class, () -> runner.run(toy, Preset.SMOKE, cfg, seeds, null));
        assertEquals(2, toy.calls.get()); // a ran and was saved, b failed

        toy.failOnB = false;
        ExperimentRunner.RunResult r = runner.run(toy, Preset.SMOKE, cfg, seeds, null);
        assertEquals(1, r.cellsSkipped());
        assertEquals(5, r.cellsRun());
        assertEquals(7, toy.calls.get());
        assertFalse(r.reused());
        List<Double> values = new ArrayList<>();
        for (ResultRow row : TidyCsv.read(r.dir().resolve("results.csv"))) {
            values.add(row.value());
        }
        assertEquals(List.of(10.0, 20.0, 30.0, 11.0, 21.0, 31.0), values);
        assertTrue(Files.readString(r.dir().resolve("provenance.json")).contains("\"finished\""));
        assertTrue(Files.readString(r.dir().resolve("config.json")).contains("\"scale\": 10"));

        ExperimentRunner.RunResult again = runner.run(toy, Preset.SMOKE, cfg, seeds, null);
        assertTrue(again.reused());
        assertEquals(7, toy.calls.get());
        assertEquals(r.dir(), again.dir());

        ExperimentRunner.RunResult other = runner.run(toy, Preset.SMOKE, new ToyConfig(2, List.of("a")), seeds, null);
        assertFalse(other.dir().equals(r.dir()));
    }

    @Test
    void summaryIsMeanAndSampleStdOverSeeds() {
        List<ResultRow> rows = List.of(
                new ResultRow("t", "coopt", 0, "acc", 80), new ResultRow("t", "coopt", 1, "acc", 82),
                new ResultRow("t", "coopt", 2, "acc", 84), new ResultRow("t", "byol", 0, "acc", 70));
        Table s = Summary.meanStd(rows);
        assertEquals(82.0, s.doubleColumn("mean").get(0), 1e-12);
        assertEquals(2.0, s.doubleColumn("std").get(0), 1e-12); // sqrt((4+0+4)/2)
        assertEquals(0.0, s.doubleColumn("std").get(1), 1e-12);
        assertEquals("82.00 ± 2.00", s.stringColumn("mean ± std").get(0));
    }

    @Test
    void tidyCsvKeepsCurveStepsAndReadsTheFiveColumnLayout(@TempDir Path tmp) throws Exception {
        List<ResultRow> rows = List.of(new ResultRow("e", "v", 0, "probe_acc", 81.5),
                new ResultRow("e", "v", 0, "curve_acc", 70.25, 1), new ResultRow("e", "v", 0, "curve_acc", 75.0, 2));
        TidyCsv.write(tmp.resolve("r.csv"), rows);
        assertEquals("experiment,variant,seed,metric,step,value", Files.readAllLines(tmp.resolve("r.csv")).get(0));
        assertEquals("e,v,0,curve_acc,2,75.0", Files.readAllLines(tmp.resolve("r.csv")).get(3));
        assertEquals(rows, TidyCsv.read(tmp.resolve("r.csv")));
        Files.writeString(tmp.resolve("old.csv"), "experiment,variant,seed,metric,value\ne,v,0,probe_acc,81.5\n"
                + "e,v,0,curve_acc@1,70.25\ne,v,0,curve_acc@2,75.0\n");
        assertEquals(rows, TidyCsv.read(tmp.resolve("old.csv")), "the earlier layout gives the same rows");
    }

    @Test
    void tidyCsvRoundTripsQuotedFields(@TempDir Path tmp) throws Exception {
        List<ResultRow> rows = List.of(new ResultRow("fig5c", "prior \"a\", sup", 3, "uniformity", -3.25));
        TidyCsv.write(tmp.resolve("r.csv"), rows);
        assertEquals(rows, TidyCsv.read(tmp.resolve("r.csv")));
    }

    @Test
    void configFilesAreValidatedThroughTheRecordConstructor(@TempDir Path tmp) throws Exception {
        Files.createDirectories(tmp.resolve("configs/toy"));
        Files.writeString(tmp.resolve("configs/toy/smoke.json"), "{\"scale\": 0, \"variants\": [\"a\"]}");
        ExperimentRunner runner = new ExperimentRunner(tmp.resolve("configs"), tmp.resolve("runs"));
        UserInputException e = assertThrows(UserInputException.class, () -> runner.loadConfig(new Toy(), Preset.SMOKE, null));
        assertTrue(e.getMessage().contains("scale must be >= 1"), e.getMessage());
        UserInputException missing = assertThrows(UserInputException.class, () -> runner.loadConfig(new Toy(), Preset.CPU, null));
        assertTrue(missing.getMessage().contains("cpu.json"), missing.getMessage());
    }

    @Test
    void aConfigRefusedForItsDimOrAnUnknownPriorLeavesNoRunFolder(@TempDir Path tmp) {
        ExperimentRunner runner = new ExperimentRunner(tmp.resolve("configs"), tmp.resolve("runs"));
        String base = "{\"workload\": {\"zooPreset\": \"cpu\", \"unlabelledSize\": 2000, \"probeTrainSize\": 300,"
                + " \"testSize\": 300, \"seed\": 0}, \"budget\": {\"arch\": \"convnet\", \"width\": 8, \"epochs\": 1,"
                + " \"batchSize\": 64, \"learningRate\": 0.001, \"weightDecay\": 0.01, \"probeEpochs\": 5,"
                + " \"monitor\": \"none\"}, \"methods\": [\"coopt\", \"byol\"], ";
        var table6 = new org.coopt.experiments.experiments.Table6();
        var bigDim = org.coopt.workbench.util.Json.GSON.fromJson(base
                + "\"priors\": [\"convnet-w32-sup-fmnist\", \"mlp-w256-sup-fmnist\"], \"coopt\": {\"dim\": 100000}}", table6.configType());
        UserInputException e = assertThrows(UserInputException.class,
                () -> runner.run(table6, Preset.CPU, bigDim, List.of(0L), null));
        assertTrue(e.getMessage().contains("coopt.dim = 100000 exceeds the 2000 unlabelled images"), e.getMessage());
        var unknown = org.coopt.workbench.util.Json.GSON.fromJson(base
                + "\"priors\": [\"convnet-w32-sup-fmnist\", \"convnet-w32-sup-fmnsit\"], \"coopt\": {\"dim\": 16}}", table6.configType());
        e = assertThrows(UserInputException.class, () -> runner.run(table6, Preset.CPU, unknown, List.of(0L), null));
        assertTrue(e.getMessage().contains("convnet-w32-sup-fmnsit"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("runs")), "nothing created");
    }

    @Test
    void anInterruptedRunStopsBeforeTheNextCellAndResumes(@TempDir Path tmp) throws Exception {
        Files.createDirectories(tmp.resolve("configs/toy"));
        Files.writeString(tmp.resolve("configs/toy/smoke.json"), "{\"scale\": 2, \"variants\": [\"a\", \"b\", \"c\"]}");
        ExperimentRunner runner = new ExperimentRunner(tmp.resolve("configs"), tmp.resolve("runs"));
        Toy toy = new Toy();
        toy.interruptOnB = true;
        ToyConfig cfg = runner.loadConfig(toy, Preset.SMOKE, null);
        java.util.concurrent.CancellationException e = assertThrows(java.util.concurrent.CancellationException.class,
                () -> runner.run(toy, Preset.SMOKE, cfg, List.of(0L), null));
        assertTrue(Thread.interrupted(), "the flag stays set for the caller (and is cleared here)");
        assertTrue(e.getMessage().contains("before cell c s0"), e.getMessage());
        toy.interruptOnB = false;
        ExperimentRunner.RunResult r = runner.run(toy, Preset.SMOKE, cfg, List.of(0L), null);
        assertEquals(2, r.cellsSkipped(), "a and b were kept");
        assertEquals(1, r.cellsRun());
    }

    @Test
    void theWideSummaryHasOneRowPerVariantRoundedToWhatTheSeedsSupport() {
        assertEquals("80.2 ± 0.3", Summary.meanStd(new double[] {80.1, 80.5, 79.9}), "std 0.31 → one decimal");
        assertEquals("2.5 ± 1.3", Summary.meanStd(new double[] {1, 2, 3, 4}), "std 1.29 → two significant digits");
        assertEquals("81.50", Summary.meanStd(new double[] {81.5}), "one seed: no ±");
        List<ResultRow> rows = List.of(new ResultRow("e", "coopt", 0, "probe_acc", 80.1),
                new ResultRow("e", "coopt", 1, "probe_acc", 80.5), new ResultRow("e", "coopt", 2, "probe_acc", 79.9),
                new ResultRow("e", "coopt", 0, "pretrain_s", 42), new ResultRow("e", "byol", 0, "probe_acc", 76.0),
                new ResultRow("e", "coopt", 0, "curve_acc", 70, 1), new ResultRow("e", "coopt", 0, "stage_s:train", 5));
        tech.tablesaw.api.Table t = Summary.wide(rows);
        assertEquals(List.of("variant", "probe acc. (%)", "pre-training (s)", "seeds"), t.columnNames());
        assertEquals(2, t.rowCount());
        assertEquals("80.2 ± 0.3", t.stringColumn("probe acc. (%)").get(0));
        assertEquals("42.00", t.stringColumn("pre-training (s)").get(0));
        assertEquals("", t.stringColumn("pre-training (s)").get(1), "byol has no pretrain_s row here");
        assertEquals(3, t.intColumn("seeds").get(0));
    }
}
