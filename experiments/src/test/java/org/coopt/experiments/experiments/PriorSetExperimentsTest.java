package org.coopt.experiments.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.coopt.experiments.ResultRow;
import org.coopt.experiments.pipeline.Budget;
import org.coopt.experiments.pipeline.WorkloadSettings;
import org.junit.jupiter.api.Test;

/** Variants, headline numbers and verdict sentences of table2, table3, table5 and fig5b, from planted rows. */
class PriorSetExperimentsTest {
    static final WorkloadSettings W = new WorkloadSettings("smoke", 100, 100, 100, 0);
    static final Budget B = new Budget("convnet", 8, 2, 32, 1e-3, 0.01, 5, "knn");

    static void put(List<ResultRow> rows, String exp, String variant, String metric, double... perSeed) {
        for (int s = 0; s < perSeed.length; s++) {
            rows.add(new ResultRow(exp, variant, s, metric, perSeed[s]));
        }
    }

    @Test
    void table2AveragesTheCentralizedRunsAndComparesParallelTimes() {
        Table2.Config c = new Table2.Config(W, B, List.of("a", "b", "c"), 16, 0.1, "best");
        assertEquals(List.of("central:a", "central:b", "central:c", "coopt"), new Table2().variants(c));
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
        Table2.Headline h = Table2.headline(rows);
        assertEquals(70, h.centralAcc(), 1e-12);
        assertEquals(20, h.centralSeconds(), 1e-12);
        assertEquals(75, h.cooptAcc(), 1e-12);
        assertEquals(10, h.cooptSeconds(), 1e-12);
        assertEquals(80, h.bestCentralAcc(), 1e-12);
        String v = Table2.verdict(h);
        assertTrue(v.contains("+5.00 points"), v);
        assertTrue(v.contains("but trails the best single prior by -5.00"), v);
        assertTrue(v.contains("2.00x shorter"), v);
        assertTrue(v.contains("Accuracy claim: holds in direction; time claim: holds in direction"), v);
        String md = Table2.markdown(rows, "Fashion-MNIST", "PROV");
        assertTrue(md.contains("| **centralized (mean)** | | **70.00** | **20.00** |"), md);
        assertTrue(md.contains("| central:a | NaN | 60.00 ± 1.41 |"), md);
    }

    @Test
    void table2SaysWhenCoOptLoses() {
        List<ResultRow> rows = new ArrayList<>();
        put(rows, "table2", "central:a", "probe_acc", 70);
        put(rows, "table2", "coopt", "probe_acc", 65);
        put(rows, "table2", "central:a", "optimize_parallel_s", 5);
        put(rows, "table2", "coopt", "optimize_parallel_s", 10);
        String v = Table2.verdict(Table2.headline(rows));
        assertTrue(v.contains("2.00x longer"), v);
        assertTrue(v.contains("Accuracy claim: does not hold; time claim: does not hold"), v);
    }

    @Test
    void table3CountsArchitecturesWhereCoOptWins() {
        Table3.Config c = new Table3.Config(W, B, List.of(new Table3.Arch("resnet50", 4), new Table3.Arch("vit", 32)),
                "byol", List.of("p"), 16, 0.1, "best");
        assertEquals(List.of("resnet50:coopt", "resnet50:byol", "vit:coopt", "vit:byol"), new Table3().variants(c));
        List<ResultRow> rows = new ArrayList<>();
        put(rows, "table3", "resnet50:coopt", "probe_acc", 70);
        put(rows, "table3", "resnet50:byol", "probe_acc", 60);
        put(rows, "table3", "vit:coopt", "probe_acc", 50);
        put(rows, "table3", "vit:byol", "probe_acc", 55);
        String md = Table3.markdown(rows, c, "PROV");
        assertTrue(md.contains("CoOpt beats byol on 1 of 2 architectures (not on vit)"), md);
        assertTrue(md.contains("does not hold on every architecture"), md);
        assertTrue(md.contains("| resnet50 (4) | 60.00 ± 0.00 | 70.00 ± 0.00 | +10.00 |"), md);
        assertTrue(md.contains("Not run in this preset (cost on 2 CPU cores): resnet101, mobilenetv2, efficientnet-b0."), md);
        assertThrows(IllegalArgumentException.class, () -> new Table3.Arch("no-such-net", 4));
    }

    @Test
    void table5BuildsPriorListsAndJudgesHumanAndWeak() {
        Table5.Config c = new Table5.Config(W, B, List.of("a", "b"), List.of("human"), List.of("w"), "byol", 16, 0.1, "best");
        assertEquals(List.of("byol", "none", "+human", "+weak", "+human+weak"), new Table5().variants(c));
        assertEquals(List.of("a", "b"), Table5.priorsOf("none", c));
        assertEquals(List.of("a", "b", "human"), Table5.priorsOf("+human", c));
        assertEquals(List.of("a", "b", "w"), Table5.priorsOf("+weak", c));
        assertEquals(List.of("a", "b", "human", "w"), Table5.priorsOf("+human+weak", c));
        List<ResultRow> rows = new ArrayList<>();
        put(rows, "table5", "none", "probe_acc", 80);
        put(rows, "table5", "+human", "probe_acc", 83);
        put(rows, "table5", "+weak", "probe_acc", 79.5);
        put(rows, "table5", "+human+weak", "probe_acc", 82);
        String v = Table5.verdict(rows);
        assertTrue(v.contains("+human +3.00, +weak -0.50, +human+weak +2.00"), v);
        assertTrue(v.contains("best variant is +human"), v);
        assertTrue(v.contains("\"Human helps most\" holds"), v);
        assertTrue(v.contains("\"weak still >= none\" does not hold (0.50 below)"), v);
    }

    @Test
    void fig5bComparesFirstEpochAndFinalAccuracyWithTheBaseline() {
        Fig5b.Config c = new Fig5b.Config(W, B, List.of(new Fig5b.PriorSet("r", List.of("x")),
                new Fig5b.PriorSet("k", List.of("y"))), "byol", 16, 0.1, "best");
        assertEquals(List.of("r", "k", "byol"), new Fig5b().variants(c));
        List<ResultRow> rows = new ArrayList<>();
        for (String v : List.of("r", "k", "byol")) {
            put(rows, "fig5b", v, "curve_wall_s@1", 1);
            put(rows, "fig5b", v, "curve_wall_s@2", 2);
        }
        put(rows, "fig5b", "r", "curve_acc@1", 60);
        put(rows, "fig5b", "k", "curve_acc@1", 40);
        put(rows, "fig5b", "byol", "curve_acc@1", 50);
        put(rows, "fig5b", "r", "curve_acc@2", 61);
        put(rows, "fig5b", "k", "curve_acc@2", 70);
        put(rows, "fig5b", "byol", "curve_acc@2", 65);
        put(rows, "fig5b", "r", "probe_acc", 62);
        put(rows, "fig5b", "k", "probe_acc", 72);
        put(rows, "fig5b", "byol", "probe_acc", 66);
        assertEquals(60, Fig5b.firstEpochAcc(rows, "r"), 1e-12);
        String v = Fig5b.verdict(rows, c);
        assertTrue(v.contains("r +10.00 after epoch 1, -4.00 at the end; k -10.00 after epoch 1, +6.00 at the end"), v);
        assertTrue(v.contains("1 of 2 weak prior sets lead after the first epoch and 1 of 2 at the end"), v);
        assertTrue(v.contains("holds for some sets only"), v);
        assertThrows(IllegalArgumentException.class, () -> new Fig5b.Config(W,
                new Budget("convnet", 8, 2, 32, 1e-3, 0.01, 5, "none"), c.priorSets(), "byol", 16, 0.1, "best"));
    }
}
