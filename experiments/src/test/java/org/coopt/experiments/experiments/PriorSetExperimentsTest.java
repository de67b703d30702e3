package org.coopt.experiments.experiments;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.coopt.experiments.ResultRow;
import org.coopt.experiments.pipeline.Budget;
import org.coopt.experiments.pipeline.CooptSettings;
import org.coopt.experiments.pipeline.WorkloadSettings;
import org.coopt.experiments.report.Verdict;
import org.coopt.workbench.coopt.Alignment;
import org.junit.jupiter.api.Test;

/** Variants, headline numbers and computed verdicts of table2, table3, table5 and fig5b, from planted rows. */
class PriorSetExperimentsTest {
    static final WorkloadSettings W = new WorkloadSettings("smoke", 100, 100, 100, 0);
    static final Budget B = new Budget("convnet", 8, 2, 32, 1e-3, 0.01, 5, "knn");

    /** Rows of {@code metric} per seed; {@code NAME@E} gives curve points of NAME at step E. */
    static void put(List<ResultRow> rows, String exp, String variant, String metric, double... perSeed) {
        int at = metric.indexOf('@');
        String name = at < 0 ? metric : metric.substring(0, at);
        int step = at < 0 ? ResultRow.NO_STEP : Integer.parseInt(metric.substring(at + 1));
        for (int s = 0; s < perSeed.length; s++) {
            rows.add(new ResultRow(exp, variant, s, name, perSeed[s], step));
        }
    }

    @Test
    void table2AveragesTheCentralizedRunsAndComparesParallelTimes() throws Exception {
        Table2.Config c = new Table2.Config(W, B, List.of("a", "b", "c"), CooptSettings.of(16, 0.1, Alignment.Choice.BEST), List.of("untrained"));
        assertEquals(List.of("central:a", "central:b", "central:c", "coopt", "untrained"), new Table2().variants(c));
        List<ResultRow> rows = new ArrayList<>();
        // two seeds: centralized means 60, 70, 80 (mean 70, best 80); CoOpt 75
        put(rows, "table2", "central:a", "probe_acc", 59, 61);
        put(rows, "table2", "central:b", "probe_acc", 70, 70);
        put(rows, "table2", "central:c", "probe_acc", 80, 80);
        put(rows, "table2", "coopt", "probe_acc", 74, 76);
        put(rows, "table2", "central:a", "optimize_parallel_s", 10, 10);
        put(rows, "table2", "central:b", "optimize_parallel_s", 20, 20);
        put(rows, "table2", "central:c", "optimize_parallel_s", 30, 30);
        put(rows, "table2", "coopt", "optimize_parallel_s", 8, 12);
        put(rows, "table2", "coopt", "stage_s:optimize", 25, 25);
        put(rows, "table2", "untrained", "probe_acc", 50, 52);
        Table2.Headline h = Table2.headline(rows);
        assertEquals(70, h.centralAcc(), 1e-12);
        assertEquals(20, h.centralSeconds(), 1e-12);
        assertEquals(75, h.cooptAcc(), 1e-12);
        assertEquals(10, h.cooptSeconds(), 1e-12);
        assertEquals(80, h.bestCentralAcc(), 1e-12);
        // per seed, the centralized mean is (59+70+80)/3 and (61+70+80)/3
        assertArrayEquals(new double[] {209 / 3.0, 211 / 3.0}, Table2.centralizedPerSeed(rows, "probe_acc"), 1e-12);
        String v = Table2.verdict(rows);
        // CoOpt 74, 76 vs 69.67, 70.33: Welch by hand, t = 5 / sqrt(2/2 + (2/9)/2) = 4.74, ν ≈ 1.23 -> p > 0.05
        Verdict acc = Verdict.of(new double[] {74, 76}, new double[] {209 / 3.0, 211 / 3.0}, true);
        assertTrue(v.contains("above the centralized mean: " + acc.sentence(" points")), v);
        assertTrue(v.contains("+5.00 points"), v);
        assertTrue(v.contains("best single prior (c): does not hold (-5.00 points"), v);
        assertTrue(v.contains("2.00x shorter"), v);
        String md = Table2.markdown(rows, c, "PROV");
        assertTrue(md.contains("| **centralized (mean)** | | **70.00** | | **20.00** |"), md);
        assertTrue(md.contains("| central:a | NaN | 60.00 ± 1.41 |"), md);
        assertTrue(md.contains("| untrained | 51.00 ± 1.41 |"), md);
        assertTrue(md.contains("Budget, the same for every method"), md);
        assertThrows(IllegalArgumentException.class, () -> new Table2.Config(W, B, List.of("a", "b"), CooptSettings.of(16, 0.1, Alignment.Choice.BEST),
                List.of("pixels")));
    }

    @Test
    void table2SaysWhenCoOptLoses() {
        List<ResultRow> rows = new ArrayList<>();
        put(rows, "table2", "central:a", "probe_acc", 70, 71);
        put(rows, "table2", "coopt", "probe_acc", 65, 66);
        put(rows, "table2", "central:a", "optimize_parallel_s", 5, 5);
        put(rows, "table2", "coopt", "optimize_parallel_s", 10, 10);
        String v = Table2.verdict(rows);
        assertTrue(v.contains("2.00x longer"), v);
        assertTrue(v.contains("above the centralized mean: does not hold (-5.00 points"), v);
        assertTrue(v.contains("than the centralized mean (2.00x longer, 10.00 s vs 5.00 s): does not hold"), v);
    }

    @Test
    void table3GivesAVerdictPerArchitecture() throws Exception {
        Table3.Config c = new Table3.Config(W, B, List.of(new Table3.Arch("resnet50", 4), new Table3.Arch("vit", 32)),
                "byol", List.of("p"), CooptSettings.of(16, 0.1, Alignment.Choice.BEST), List.of("supervised", "raw-pixels"));
        assertEquals(List.of("resnet50:coopt", "resnet50:byol", "resnet50:supervised", "vit:coopt", "vit:byol",
                "vit:supervised", "raw-pixels"), new Table3().variants(c));
        List<ResultRow> rows = new ArrayList<>();
        put(rows, "table3", "resnet50:coopt", "probe_acc", 70, 71, 69);
        put(rows, "table3", "resnet50:byol", "probe_acc", 60, 61, 59);
        put(rows, "table3", "vit:coopt", "probe_acc", 50, 51, 49);
        put(rows, "table3", "vit:byol", "probe_acc", 55, 56, 54);
        put(rows, "table3", "vit:supervised", "probe_acc", 80, 80, 80);
        String md = Table3.markdown(rows, c, "PROV");
        assertTrue(md.contains("| resnet50 (4) | 60.00 ± 1.00 | 70.00 ± 1.00 | +10.00 | holds (< 0.001) |"), md);
        assertTrue(md.contains("| vit (32) | 55.00 ± 1.00 | 50.00 ± 1.00 | -5.00 | does not hold ("), md);
        assertTrue(md.contains("holds on 1 of 2 architectures run (vit: does not hold)"), md);
        assertTrue(md.contains("| vit:supervised | 80.00 ± 0.00 |"), md);
        assertTrue(md.contains("Not run in this preset: resnet101, mobilenetv2, efficientnet-b0. Their cost on 2 CPU cores"), md);
        assertThrows(IllegalArgumentException.class, () -> new Table3.Arch("no-such-net", 4));
        assertThrows(IllegalArgumentException.class, () -> new Table3.Config(W, B, c.archs(), "byol", List.of("p"), CooptSettings.of(16, 0.1, Alignment.Choice.BEST), List.of("ceiling")));
    }

    @Test
    void table5BuildsPriorListsAndJudgesHumanAndWeak() {
        Table5.Config c = new Table5.Config(W, B, List.of("a", "b"), List.of("human"), List.of("w"), "byol", CooptSettings.of(16, 0.1, Alignment.Choice.BEST),
                null);
        assertEquals(List.of("byol", "none", "+human", "+weak", "+human+weak"), new Table5().variants(c));
        assertEquals(List.of("a", "b"), Table5.priorsOf("none", c));
        assertEquals(List.of("a", "b", "human"), Table5.priorsOf("+human", c));
        assertEquals(List.of("a", "b", "w"), Table5.priorsOf("+weak", c));
        assertEquals(List.of("a", "b", "human", "w"), Table5.priorsOf("+human+weak", c));
        List<ResultRow> rows = new ArrayList<>();
        put(rows, "table5", "none", "probe_acc", 80, 80.2, 79.8);
        put(rows, "table5", "+human", "probe_acc", 83, 83.2, 82.8);
        put(rows, "table5", "+weak", "probe_acc", 79.5, 79.7, 79.3);
        put(rows, "table5", "+human+weak", "probe_acc", 82, 82.2, 81.8);
        put(rows, "table5", "byol", "probe_acc", 85, 85.2, 84.8);
        String v = Table5.verdict(rows, c);
        assertTrue(v.contains("+human +3.00, +weak -0.50, +human+weak +2.00"), v);
        assertTrue(v.contains("best CoOpt variant is +human"), v);
        assertTrue(v.contains("+human above none: holds (+3.00 points; p = "), v);
        assertTrue(v.contains("+human above +human+weak: holds (+1.00 points"), v);
        // -0.5 is within the 1-point margin: +weak + 1 = 80.5 vs 80, sd 0.2 each -> t = 3.06, ν = 4 -> p = 0.037
        assertTrue(v.contains("no worse than none by more than 1.0 point: holds (-0.50 points; p = 0.03"), v);
        assertTrue(v.contains("CoOpt +human above byol: does not hold (-2.00 points"), v);
        assertThrows(IllegalArgumentException.class, () -> new Table5.Config(W, B, List.of("a"), List.of("human"),
                List.of("w"), "byol", CooptSettings.of(16, 0.1, Alignment.Choice.BEST), List.of("coopt-human")));
    }

    @Test
    void fig5bComparesFirstEpochAndFinalAccuracyWithTheBaseline() {
        Fig5b.Config c = new Fig5b.Config(W, B, List.of(new Fig5b.PriorSet("r", List.of("x")),
                new Fig5b.PriorSet("k", List.of("y"))), "byol", CooptSettings.of(16, 0.1, Alignment.Choice.BEST), List.of("untrained"));
        assertEquals(List.of("r", "k", "byol", "untrained"), new Fig5b().variants(c));
        List<ResultRow> rows = new ArrayList<>();
        for (String v : List.of("r", "k", "byol")) {
            put(rows, "fig5b", v, "curve_wall_s@1", 1, 1);
            put(rows, "fig5b", v, "curve_wall_s@2", 2, 2);
        }
        put(rows, "fig5b", "r", "curve_acc@1", 60, 61);
        put(rows, "fig5b", "k", "curve_acc@1", 40, 41);
        put(rows, "fig5b", "byol", "curve_acc@1", 50, 51);
        put(rows, "fig5b", "r", "curve_acc@2", 61, 62);
        put(rows, "fig5b", "k", "curve_acc@2", 70, 71);
        put(rows, "fig5b", "byol", "curve_acc@2", 65, 66);
        put(rows, "fig5b", "r", "probe_acc", 62, 63);
        put(rows, "fig5b", "k", "probe_acc", 72, 73);
        put(rows, "fig5b", "byol", "probe_acc", 66, 67);
        assertEquals(60.5, Fig5b.firstEpochAcc(rows, "r"), 1e-12);
        assertEquals(1, Fig5b.firstEpoch(rows, "r"));
        String v = Fig5b.verdict(rows, c);
        // equal spreads, difference 10 with s = 0.71 per side: p = 0.005 (ν = 2)
        assertTrue(v.contains("- r: after epoch 1, holds (+10.00 points; p = 0.005, Welch's t-test, 2 vs 2 seeds); "
                + "at the end -4.00 points (p = "), v);
        assertTrue(v.contains("- k: after epoch 1, does not hold (-10.00 points"), v);
        assertTrue(v.contains("holds (p < 0.05) for 1 of 2 weak prior sets"), v);
        assertThrows(IllegalArgumentException.class, () -> new Fig5b.Config(W,
                new Budget("convnet", 8, 2, 32, 1e-3, 0.01, 5, "none"), c.priorSets(), "byol", CooptSettings.of(16, 0.1, Alignment.Choice.BEST), null));
        assertThrows(IllegalArgumentException.class, () -> new Fig5b.Config(W, B,
                List.of(new Fig5b.PriorSet("untrained", List.of("x"))), "byol", CooptSettings.of(16, 0.1, Alignment.Choice.BEST), null));
    }
}
