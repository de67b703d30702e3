package org.coopt.experiments.experiments;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.coopt.experiments.ResultRow;
import org.coopt.experiments.pipeline.Budget;
import org.coopt.experiments.pipeline.CooptSettings;
import org.coopt.experiments.pipeline.WorkloadSettings;
import org.coopt.workbench.coopt.Alignment;
import org.junit.jupiter.api.Test;

class Fig6Table6Test {

    static final WorkloadSettings W = new WorkloadSettings("smoke", 512, 500, 500, 0);
    static final Budget B = new Budget("convnet", 8, 1, 64, 1e-3, 0.01, 5, "knn");

    @Test
    void separabilityIsLeaveOneOutNearestNeighbourAccuracy() {
        // two tight groups far apart: every nearest neighbour is in the own group -> 1.0
        double[][] apart = {{0, 0}, {0.1, 0}, {10, 10}, {10.1, 10}};
        assertEquals(1.0, TargetSamples.separability(apart, new int[] {0, 0, 1, 1}), 1e-12);
        // interleaved on a line 0,1,2,3 labelled a,b,a,b: nearest of 0 is 1 (b, miss), of 1 is 0 or 2 (first found:
        // 0 -> a, miss), of 2 is 1 (tie with 3; first found 1 -> b, miss), of 3 is 2 (a, miss) -> 0
        double[][] line = {{0}, {1}, {2}, {3}};
        assertEquals(0.0, TargetSamples.separability(line, new int[] {0, 1, 0, 1}), 1e-12);
        // hand count: points 0,0.5,5,9 labels a,a,b,a: 0->0.5 hit, 0.5->0 hit, 5->0.5? |5-0.5|=4.5 vs |5-9|=4 -> 9 (a) miss,
        // 9 -> 5 (b) miss -> 2/4
        double[][] mixed = {{0}, {0.5}, {5}, {9}};
        assertEquals(0.5, TargetSamples.separability(mixed, new int[] {0, 0, 1, 0}), 1e-12);
    }

    @Test
    void sampleDrawsDistinctIndicesAndAllWhenFew() {
        int[] s = TargetSamples.sample(100, 30, new Random(1));
        assertEquals(30, s.length);
        assertEquals(30, Arrays.stream(s).distinct().count());
        assertTrue(Arrays.stream(s).allMatch(i -> i >= 0 && i < 100));
        int[] all = TargetSamples.sample(5, 30, new Random(1));
        assertArrayEquals(new int[] {0, 1, 2, 3, 4}, Arrays.stream(all).sorted().toArray());
        assertArrayEquals(s, TargetSamples.sample(100, 30, new Random(1)), "same seed, same sample");
    }

    @Test
    void fig6ConfigValidatesChoicesAndTsneSize() {
        List<String> priors = List.of("a", "b");
        new Fig6.Config(W, B, priors, CooptSettings.of(16, 0.01, null), List.of(Alignment.Choice.NONE, Alignment.Choice.BEST), 20, 10, 300, null);
        assertThrows(RuntimeException.class, () -> new Fig6.Config(W, B, priors, CooptSettings.of(16, 0.01, null), java.util.Arrays.asList((Alignment.Choice) null), 20, 10, 300, null));
        assertThrows(IllegalArgumentException.class, () -> new Fig6.Config(W, B, List.of("a"), CooptSettings.of(16, 0.01, null),
                List.of(Alignment.Choice.BEST), 20, 10, 300, null));
        // 2 priors x 10 rows = 20 points <= 3 x perplexity 10
        assertThrows(IllegalArgumentException.class, () -> new Fig6.Config(W, B, priors, CooptSettings.of(16, 0.01, null), List.of(Alignment.Choice.BEST), 10, 10, 300, null));
    }

    @Test
    void tsneGroupsSplitOnePanelByParticipant() {
        List<String> csv = List.of("panel,participant,x,y", "before,0,1,2", "after,0,9,9", "before,1,3,4", "before,0,5,6");
        Map<String, double[][]> g = Fig6.tsneGroups(csv, "before", List.of("sup", "random"));
        assertEquals(List.of("p0: sup", "p1: random"), new ArrayList<>(g.keySet()));
        assertArrayEquals(new double[] {1, 5}, g.get("p0: sup")[0]);
        assertArrayEquals(new double[] {2, 6}, g.get("p0: sup")[1]);
        assertArrayEquals(new double[] {3}, g.get("p1: random")[0]);
    }

    /** Two seeds per variant: probe accuracy acc ± 0.5, separability 100 before and 40 after (aligned), kNN curves. */
    static List<ResultRow> fig6Rows(double none, double best, double medium, double worst) {
        List<ResultRow> r = new ArrayList<>();
        String[] v = {"none", "best", "medium", "worst"};
        double[] acc = {none, best, medium, worst};
        for (int s = 0; s < 2; s++) {
            double jitter = s == 0 ? -0.5 : 0.5;
            for (int i = 0; i < 4; i++) {
                r.add(new ResultRow("fig6", v[i], s, "probe_acc", acc[i] + jitter));
                r.add(new ResultRow("fig6", v[i], s, "separability_before", 100 - s));
                r.add(new ResultRow("fig6", v[i], s, "separability_after", i == 0 ? 100 - s : 40 + s));
                r.add(new ResultRow("fig6", v[i], s, "curve_acc", 50, 1));
                r.add(new ResultRow("fig6", v[i], s, "curve_acc", acc[i] + 1 + jitter, 2));
            }
            r.add(new ResultRow("fig6", "untrained", s, "probe_acc", 30));
        }
        return r;
    }

    @Test
    void fig6VerdictsFollowThePlantedNumbers() {
        String ok = Fig6.verdict(fig6Rows(70, 80, 78, 70));
        // 2 seeds, sd 0.71 each side, difference 10: t = 14.1, ν = 2 -> p = 0.005
        assertTrue(ok.contains("best above none (linear probe; paper +20.6): holds (+10.00 points; p = 0.005, "
                + "Welch's t-test, 2 vs 2 seeds)"), ok);
        assertTrue(ok.contains("medium above none (linear probe; paper +18.4): holds (+8.00 points"), ok);
        assertTrue(ok.contains("best above none: holds (+10.00 points"), ok);
        assertTrue(ok.contains("best above medium (paper +2.2): in direction, not significant (+2.00 points"), ok);
        assertTrue(ok.contains("medium above worst (paper +3.0): holds (+8.00 points"), ok);
        assertTrue(ok.contains("separability 99.5% → 40.5% (paper Fig. 6a-b): holds (-59.00 points"), ok);
        assertFalse(ok.contains("untrained"), ok);
        assertEquals(81.0, Fig6.finalKnn(fig6Rows(70, 80, 78, 75), "best"), 1e-12);

        String bad = Fig6.verdict(fig6Rows(80, 79, 81, 70));
        assertTrue(bad.contains("best above none (linear probe; paper +20.6): does not hold (-1.00 points"), bad);
        assertTrue(bad.contains("best above medium (paper +2.2): does not hold (-2.00 points"), bad);
        assertEquals(List.of("none", "best", "medium", "worst"), Fig6.alignmentVariants(fig6Rows(1, 2, 3, 4)));
    }

    /** One row per seed and metric: uniformity u, alignment a, training train, CoOpt total and BYOL pre-training. */
    static List<ResultRow> table6Rows(double[] u, double a, double train, double total, double byol) {
        List<ResultRow> r = new ArrayList<>();
        for (int s = 0; s < u.length; s++) {
            r.add(new ResultRow("table6", "coopt", s, "time_uniformity_s", u[s]));
            r.add(new ResultRow("table6", "coopt", s, "time_align_s", a));
            r.add(new ResultRow("table6", "coopt", s, "time_train_s", train));
            r.add(new ResultRow("table6", "coopt", s, "pretrain_s", total));
            r.add(new ResultRow("table6", "byol", s, "pretrain_s", byol));
        }
        return r;
    }

    @Test
    void table6VerdictComputesSharesFromTheRows() {
        // seeds: (1 + 1) / 200 = 1.00% and (1.2 + 1) / 200 = 1.10% of CoOpt (mean 1.05%), of BYOL 0.50% and 0.55%
        String s = Table6.verdict(table6Rows(new double[] {1, 1.2}, 1, 100, 200, 400), "byol");
        assertTrue(s.contains("1.100 s + 1.000 s = 1.05% of CoOpt"), s);
        assertTrue(s.contains("2.10% of the student training alone"), s);
        assertTrue(s.contains("paper 0.13% of BYOL"), s);
        // one-sample t-test of {1.00, 1.10} against 5: t = -3.95 / (0.0707 / √2) = -79, ν = 1 -> p = 0.008
        assertTrue(s.contains("against CoOpt's pre-training: holds (mean 1.05%, largest 1.10% over 2 seeds; p = 0.008, "
                + "one-sample t-test against 5%)"), s);
        assertTrue(s.contains("Against byol's pre-training (the paper's comparison): holds (mean 0.5"), s);
        String one = Table6.verdict(table6Rows(new double[] {1}, 1, 100, 200, 400), null);
        assertTrue(one.contains("in direction, not significant (mean 1.00%, largest 1.00% over 1 seed; one seed: no test)"),
                one);
        String big = Table6.verdict(table6Rows(new double[] {10, 10}, 10, 100, 200, 400), null);
        assertTrue(big.contains("10.00% of CoOpt") && big.contains("does not hold (mean 10.00%"), big);
    }

    @Test
    void table6ConfigRefusesNoAlignmentAndMissingCoopt() {
        List<String> priors = List.of("a", "b");
        new Table6.Config(W, B, List.of("coopt"), priors, CooptSettings.of(16, 0.01, Alignment.Choice.BEST));
        assertThrows(IllegalArgumentException.class, () -> new Table6.Config(W, B, List.of("coopt"), priors, CooptSettings.of(16, 0.01, Alignment.Choice.NONE)));
        assertThrows(IllegalArgumentException.class, () -> new Table6.Config(W, B, List.of("byol"), priors, CooptSettings.of(16, 0.01, Alignment.Choice.BEST)));
    }
}
