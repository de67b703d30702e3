package org.coopt.experiments.experiments;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.coopt.experiments.ResultRow;
import org.coopt.experiments.pipeline.Budget;
import org.coopt.experiments.pipeline.WorkloadSettings;
import org.coopt.experiments.report.Stats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Logic of fig5c, fig5d, fig4 and table4 on planted rows (no training). */
class ExpBTest {
    static final WorkloadSettings W = new WorkloadSettings("smoke", 100, 50, 50, 0);
    static final Budget B = new Budget("convnet", 8, 1, 32, 1e-3, 0.01, 5, "none");

    static void fakeRun(Path dir, String id) throws Exception {
        Files.writeString(dir.resolve("config.json"),
                "{\"experiment\":\"" + id + "\",\"preset\":\"smoke\",\"seeds\":[0]}");
        Files.writeString(dir.resolve("provenance.json"),
                "{\"gitCommit\":\"abc\",\"gitDirty\":false,\"cpuCores\":2,\"device\":\"cpu()\"}");
    }

    @Test
    void ranksAverageTiesLikeTheTextbook() {
        // values 10, 30, 20, 30 -> ranks 1, 3.5, 2, 3.5
        assertArrayEquals(new double[] {1, 3.5, 2, 3.5}, Fig5c.ranks(new double[] {10, 30, 20, 30}), 1e-12);
        assertEquals("sup-fmnist", Fig5c.kindOf("convnet-w32-sup-fmnist"));
        assertEquals("sup-mnist10k", Fig5c.kindOf("resnet18-w8-sup-mnist10k"));
        assertEquals("sup-in1k", Fig5c.kindOf("resnet18-w64-sup-in1k"));
        assertEquals("simclr", Fig5c.kindOf("vit-w192-simclr-tin"));
        assertEquals("weak", Fig5c.kindOf("efficientnet-b0-w32-weak-cifar10"));
        assertEquals("random", Fig5c.kindOf("resnet50-w64-random"));
        assertEquals("human", Fig5c.kindOf("human"));
        assertEquals("other", Fig5c.kindOf("my-model"));
    }

    @Test
    void rankLineIsPerfectForAMonotoneDecreasingRelation() {
        double[] u = {-3, -2, -1, -0.5};
        double[] acc = {90, 80, 70, 60};
        double[][] line = Fig5c.rankLine(u, acc, -1.0);
        // rho = -1: fitted rank of acc = 5 - rank(U): the line passes through every point
        assertArrayEquals(new double[] {-3, -2, -1, -0.5}, line[0], 1e-12);
        assertArrayEquals(new double[] {90, 80, 70, 60}, line[1], 1e-12);
        // rho = 0: every point is predicted at the mean rank 2.5 -> halfway between 70 and 80
        double[][] flat = Fig5c.rankLine(u, acc, 0.0);
        for (double y : flat[1]) {
            assertEquals(75, y, 1e-12);
        }
    }

    @Test
    void fig5cReportComputesRhoAndVerdictFromRows(@TempDir Path dir) throws Exception {
        fakeRun(dir, "fig5c");
        String[] ids = {"a-sup-fmnist", "b-simclr", "c-weak", "d-random", "e-sup-mnist10k"};
        double[] u = {-3.0, -2.5, -2.0, -1.0, -2.8};
        double[] acc = {85, 78, 70, 50, 83};
        List<ResultRow> rows = new ArrayList<>();
        for (int i = 0; i < ids.length; i++) {
            rows.add(new ResultRow("fig5c", ids[i], 0, "uniformity", u[i]));
            rows.add(new ResultRow("fig5c", ids[i], 0, "prior_acc", acc[i]));
            rows.add(new ResultRow("fig5c", ids[i], 0, "shared_size", 64));
        }
        new Fig5c().report(rows, new Fig5c.Config(W, List.of(ids), 64), dir);
        String md = Files.readString(dir.resolve("figures/fig5c.md"));
        assertTrue(md.contains("Spearman ρ = -1.000"), md);
        assertTrue(md.contains("The claim holds"), md);
        assertTrue(Files.isRegularFile(dir.resolve("figures/fig5c.png")));
        String within = Fig5c.withinArchitecture(List.of("a-1", "a-2", "a-3", "b-1", "b-2", "b-3"),
                new double[] {1, 2, 3, 1, 2, 3}, new double[] {3, 2, 1, 1, 2, 3});
        assertTrue(within.contains("a ρ = -1.00") && within.contains("b ρ = 1.00"), within);
        // a positive relation must be reported as against the paper
        String against = Fig5c.verdict(Stats.spearman(new double[] {1, 2, 3, 4, 5}, new double[] {1, 2, 3, 5, 4}));
        assertTrue(against.contains("positive") && against.contains("does not hold"), against);
    }

    @Test
    void fig5dVariantNamesRoundTripAndVerdictUsesTolerance() {
        assertEquals("0.05%", Fig5d.variantOf(0.0005));
        assertEquals("20%", Fig5d.variantOf(0.2));
        assertEquals(0.0005, Fig5d.fractionOf("0.05%"), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> Fig5d.fractionOf("0.05"));
        List<String> v = List.of("0.05%", "1%", "5%");
        String ok = Fig5d.verdict(v, new double[] {80.0, 80.5, 80.2}, new double[] {64, 100, 500}, 1.0);
        assertTrue(ok.contains("0.50 points below") && ok.contains("holds here"), ok);
        String bad = Fig5d.verdict(v, new double[] {75.0, 80.5, 80.2}, new double[] {64, 100, 500}, 1.0);
        assertTrue(bad.contains("5.50 points below") && bad.contains("does not hold"), bad);
    }

    @Test
    void fig4LadderAdvancesAndStaysOnLastRung() {
        Fig4.Ladder l = new Fig4.Ladder("smoke", List.of(List.of("a1", "a2"), List.of("b1")));
        assertEquals("a1", l.next(0));
        assertEquals("b1", l.next(1));
        assertEquals("a2", l.next(0));
        assertEquals("a2", l.next(0));
        assertEquals("b1", l.next(1));
        assertEquals(2, Fig4.countUpgraded(List.of("w1", "w2", "w3"), List.of("s1", "w2", "s3")));
        assertTrue(Fig4.verdict(60, 63, 3).contains("+3.00 points") && Fig4.verdict(60, 63, 3).contains("smaller gain"));
        assertTrue(Fig4.verdict(60, 59, 3).contains("does not hold"));
        assertThrows(IllegalArgumentException.class, () -> new Fig4.Scenario(List.of("a", "b"), List.of(List.of("c"))));
        Map<String, Fig4.Scenario> sc = new LinkedHashMap<>();
        sc.put("weak-start", new Fig4.Scenario(List.of("a"), List.of(List.of("b"))));
        sc.put("random-start", new Fig4.Scenario(List.of("r"), List.of(List.of("a", "b"))));
        assertEquals(List.of("weak-start", "random-start"),
                new Fig4().variants(new Fig4.Config(W, B, sc, 2, 0.5, 16, 0.0005, "best")));
    }

    @Test
    void table4VariantsAndVerdictCompareInAndOutOfDomain() {
        Map<String, List<String>> sets = new LinkedHashMap<>();
        sets.put("sup-fmnist", List.of("p1"));
        sets.put("sup-mnist10k", List.of("p2"));
        Table4.Config c = new Table4.Config(W, B, sets, List.of("sup-fmnist"), true, 16, 0.0005, "best");
        assertEquals(List.of("sup-fmnist", "sup-mnist10k", "byol"), new Table4().variants(c));
        String s = Table4.verdict(List.of("sup-fmnist", "sup-mnist10k", "byol"), new double[] {80, 75, 77},
                List.of("sup-fmnist"), 77);
        assertTrue(s.contains("+5.00 points") && s.contains("helps more") && s.contains("1 of 2 prior sets beat BYOL"), s);
        assertTrue(s.startsWith("The best prior set is sup-fmnist (80.00%; in-domain)."), s);
        String out = Table4.verdict(List.of("cifar10", "imagenet-1k"), new double[] {86.6, 88.1}, List.of("cifar10"),
                Double.NaN);
        assertTrue(out.startsWith("The best prior set is imagenet-1k (88.10%; out-of-domain).") && out.contains("-1.50"), out);
        String rev = Table4.verdict(List.of("sup-fmnist", "sup-mnist10k"), new double[] {70, 75}, List.of("sup-fmnist"),
                Double.NaN);
        assertTrue(rev.contains("-5.00 points") && rev.contains("does not help more"), rev);
        assertThrows(IllegalArgumentException.class,
                () -> new Table4.Config(W, B, sets, List.of("nope"), false, 16, 0.0005, "best"));
    }
}
