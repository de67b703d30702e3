package org.coopt.experiments.experiments;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import org.coopt.experiments.pipeline.CooptSettings;
import org.coopt.experiments.pipeline.WorkloadSettings;
import org.coopt.experiments.report.Stats;
import org.coopt.workbench.coopt.Alignment;
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
        assertEquals("supervised", Fig5c.kindOf("cpu", "convnet-w32-sup-fmnist"), "read from the zoo entry");
        assertEquals("supervised-mnist", Fig5c.kindOf("cpu", "resnet18-w8-sup-mnist10k"));
        assertEquals("checkpoint", Fig5c.kindOf("cpu", "mlp-w256-weak-fmnist"));
        assertEquals("other", Fig5c.kindOf("cpu", "my-model"));
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
        assertTrue(md.contains("The claim (ρ < 0, p < 0.05): holds."), md);
        assertTrue(md.contains("U is the mean over 1 seed"), md);
        assertTrue(Files.isRegularFile(dir.resolve("figures/fig5c.png")));
        String within = Fig5c.withinArchitecture(List.of("a-1", "a-2", "a-3", "b-1", "b-2", "b-3"),
                new double[] {1, 2, 3, 1, 2, 3}, new double[] {3, 2, 1, 1, 2, 3});
        assertTrue(within.contains("a ρ = -1.00") && within.contains("b ρ = 1.00"), within);
        assertTrue(within.contains("n = 3: holds)") && within.contains("n = 3: does not hold)"), within);
        // a positive relation must be reported as against the paper
        String against = Fig5c.verdict(Stats.spearman(new double[] {1, 2, 3, 4, 5}, new double[] {1, 2, 3, 5, 4}));
        assertTrue(against.contains("positive") && against.contains("does not hold"), against);
        // negative but not significant (n = 4, rho = -0.8, p = 0.2): in direction only
        String weak = Fig5c.verdict(Stats.spearman(new double[] {1, 2, 3, 4}, new double[] {3, 4, 2, 1}));
        assertTrue(weak.contains("in direction, not significant"), weak);
    }

    @Test
    void fig5dVariantNamesRoundTripAndVerdictIsNonInferiority() {
        assertEquals("0.05%", Fig5d.variantOf(0.0005));
        assertEquals("20%", Fig5d.variantOf(0.2));
        assertEquals(0.0005, Fig5d.fractionOf("0.05%"), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> Fig5d.fractionOf("0.05"));
        Fig5d.Config c = new Fig5d.Config(W, B, List.of("a", "b"), CooptSettings.of(16, 0.0005, Alignment.Choice.BEST), List.of(0.0005, 0.01), List.of("untrained"));
        assertEquals(List.of("0.05%", "1%", "untrained"), new Fig5d().variants(c));
        List<String> v = List.of("0.05%", "1%", "5%");
        List<ResultRow> rows = new ArrayList<>();
        // smallest 80 ± 0.2 against 80.5 ± 0.2 (within the 1-point margin) and 85 ± 0.2 (far below)
        double[][] acc = {{80, 80.2, 79.8}, {80.5, 80.7, 80.3}, {85, 85.2, 84.8}};
        for (int i = 0; i < v.size(); i++) {
            for (int s = 0; s < 3; s++) {
                rows.add(new ResultRow("fig5d", v.get(i), s, "probe_acc", acc[i][s]));
                rows.add(new ResultRow("fig5d", v.get(i), s, "shared_size", 64 * (i + 1)));
            }
        }
        String out = Fig5d.verdict(rows, v);
        // 80 + 1 against 80.5: +0.5 with se 0.163, ν = 4 -> p = 0.037
        assertTrue(out.contains("- 0.05% against 1% (|S| = 128): holds (-0.50 points; p = 0.03"), out);
        assertTrue(out.contains("- 0.05% against 5% (|S| = 192): does not hold (-5.00 points"), out);
        assertTrue(Fig5d.verdict(rows, List.of("0.05%")).contains("Not computed"));
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
        List<ResultRow> rounds = new ArrayList<>();
        for (int s = 0; s < 3; s++) {
            rounds.add(new ResultRow("fig4", "up", s, "round_acc", 60 + 0.5 * s, 0));
            rounds.add(new ResultRow("fig4", "up", s, "round_acc", 63 + 0.5 * s, 3));
            rounds.add(new ResultRow("fig4", "down", s, "round_acc", 60 + s, 0));
            rounds.add(new ResultRow("fig4", "down", s, "round_acc", 59 + s, 3));
        }
        String up = Fig4.verdict(rounds, "up", 3);
        assertTrue(up.contains("gains +3.00 points") && up.contains("round 3 above round 0: holds (+3.00 points; p = "), up);
        assertTrue(Fig4.verdict(rounds, "down", 3).contains("round 3 above round 0: does not hold (-1.00 points"));
        assertTrue(Fig4.verdict(rounds, "missing", 3).startsWith("not computed"));
        assertThrows(IllegalArgumentException.class, () -> new Fig4.Scenario(List.of("a", "b"), List.of(List.of("c"))));
        Map<String, Fig4.Scenario> sc = new LinkedHashMap<>();
        sc.put("weak-start", new Fig4.Scenario(List.of("a"), List.of(List.of("b"))));
        sc.put("random-start", new Fig4.Scenario(List.of("r"), List.of(List.of("a", "b"))));
        assertEquals(List.of("weak-start", "random-start"),
                new Fig4().variants(new Fig4.Config(W, B, sc, 2, 0.5, CooptSettings.of(16, 0.0005, Alignment.Choice.BEST))));
    }

    @Test
    void table4VariantsAndVerdictCompareInAndOutOfDomain() {
        Map<String, List<String>> sets = new LinkedHashMap<>();
        sets.put("sup-fmnist", List.of("p1"));
        sets.put("sup-mnist10k", List.of("p2"));
        Table4.Config c = new Table4.Config(W, B, sets, List.of("sup-fmnist"), true, CooptSettings.of(16, 0.0005, Alignment.Choice.BEST),
                List.of("supervised"));
        assertEquals(List.of("sup-fmnist", "sup-mnist10k", "byol", "supervised"), new Table4().variants(c));
        List<ResultRow> rows = new ArrayList<>();
        double[][] acc = {{80, 80.2, 79.8}, {75, 75.2, 74.8}, {77, 77.2, 76.8}};
        String[] v = {"sup-fmnist", "sup-mnist10k", "byol"};
        for (int i = 0; i < v.length; i++) {
            for (int s = 0; s < 3; s++) {
                rows.add(new ResultRow("table4", v[i], s, "probe_acc", acc[i][s]));
            }
        }
        String s = Table4.verdict(rows, c);
        assertTrue(s.startsWith("The best prior set is sup-fmnist (80.00%; in-domain)."), s);
        assertTrue(s.contains("- in-domain sup-fmnist above out-of-domain sup-mnist10k: holds (+5.00 points"), s);
        assertTrue(s.contains("- sup-fmnist (in-domain) above BYOL: holds (+3.00 points"), s);
        assertTrue(s.contains("- sup-mnist10k (out-of-domain) below BYOL: holds (-2.00 points"), s);
        // the paper preset's names take the paper's order: ImageNet-1K priors above CIFAR-10 priors
        assertFalse(Table4.paperSaysAbove("cifar10", "imagenet-1k", List.of("cifar10")));
        assertTrue(Table4.paperSaysAbove("cifar10", "cifar100", List.of("cifar10")));
        assertTrue(Table4.paperSaysAboveByol("imagenet-1k", List.of("cifar10")));
        assertFalse(Table4.paperSaysAboveByol("tiny-imagenet", List.of("cifar10")));
        assertThrows(IllegalArgumentException.class,
                () -> new Table4.Config(W, B, sets, List.of("nope"), false, CooptSettings.of(16, 0.0005, Alignment.Choice.BEST), null));
        assertThrows(IllegalArgumentException.class,
                () -> new Table4.Config(W, B, sets, List.of("sup-fmnist"), false, CooptSettings.of(16, 0.0005, Alignment.Choice.BEST), List.of("coopt-human")));
    }
}
