package org.coopt.experiments.experiments;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.coopt.experiments.ResultRow;
import org.coopt.experiments.pipeline.Budget;
import org.coopt.experiments.pipeline.WorkloadSettings;
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
        new Fig6.Config(W, B, priors, 16, 0.01, List.of("none", "best"), 20, 10, 300);
        assertThrows(RuntimeException.class, () -> new Fig6.Config(W, B, priors, 16, 0.01, List.of("sideways"), 20, 10, 300));
        assertThrows(IllegalArgumentException.class, () -> new Fig6.Config(W, B, List.of("a"), 16, 0.01,
                List.of("best"), 20, 10, 300));
        // 2 priors x 10 rows = 20 points <= 3 x perplexity 10
        assertThrows(IllegalArgumentException.class, () -> new Fig6.Config(W, B, priors, 16, 0.01, List.of("best"), 10, 10, 300));
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

    static List<ResultRow> fig6Rows(double none, double best, double medium, double worst) {
        List<ResultRow> r = new ArrayList<>();
        String[] v = {"none", "best", "medium", "worst"};
        double[] acc = {none, best, medium, worst};
        for (int i = 0; i < 4; i++) {
            r.add(new ResultRow("fig6", v[i], 0, "probe_acc", acc[i]));
            r.add(new ResultRow("fig6", v[i], 0, "separability_before", 100));
            r.add(new ResultRow("fig6", v[i], 0, "separability_after", i == 0 ? 100 : 40));
            r.add(new ResultRow("fig6", v[i], 0, "curve_acc@1", 50));
            r.add(new ResultRow("fig6", v[i], 0, "curve_acc@2", acc[i] + 1));
        }
        return r;
    }

    @Test
    void fig6VerdictFollowsThePlantedNumbers() {
        String ok = Fig6.verdict(fig6Rows(70, 80, 78, 75));
        assertTrue(ok.contains("+10.00 points") && ok.contains("(paper +20.6)") && ok.contains("necessary holds"), ok);
        assertTrue(ok.contains("Every aligned variant beats no alignment"), ok);
        assertTrue(ok.contains("best > medium > worst matches"), ok);
        assertTrue(ok.contains("100.0% of the time before alignment and 40.0% after"), ok);
        assertTrue(ok.contains("kNN accuracy (the monitor of Fig. 6d) best is +10.00 points against none, and best, "
                + "medium, worst beat none"), ok);
        assertEquals(81.0, Fig6.finalKnn(fig6Rows(70, 80, 78, 75), "best"), 1e-12);

        String bad = Fig6.verdict(fig6Rows(80, 79, 81, 70));
        assertTrue(bad.contains("-1.00 points") && bad.contains("does not hold"), bad);
        assertTrue(bad.contains("(best, worst does not)"), bad);
        assertTrue(bad.contains("order here is medium > best > worst"), bad);

        assertTrue(Fig6.verdict(fig6Rows(80, 80.5, 70, 70)).contains("only in direction"));
    }

    static List<ResultRow> table6Rows(double u, double a, double train, double total, double byol) {
        return List.of(new ResultRow("table6", "coopt", 0, "time_uniformity_s", u),
                new ResultRow("table6", "coopt", 0, "time_align_s", a),
                new ResultRow("table6", "coopt", 0, "time_train_s", train),
                new ResultRow("table6", "coopt", 0, "pretrain_s", total),
                new ResultRow("table6", "byol", 0, "pretrain_s", byol));
    }

    @Test
    void table6VerdictComputesSharesFromTheRows() {
        // (1 + 1) / 200 = 1.00% of CoOpt, 2/100 = 2.00% of training, 2/400 = 0.50% of BYOL
        String s = Table6.verdict(table6Rows(1, 1, 100, 200, 400), "byol");
        assertTrue(s.contains("1.000 s + 1.000 s = 1.00% of CoOpt"), s);
        assertTrue(s.contains("2.00% of the student training alone"), s);
        assertTrue(s.contains("paper 0.13% of BYOL"), s);
        assertTrue(s.contains("0.50% of byol"), s);
        assertTrue(s.contains("negligible holds"), s);
        String big = Table6.verdict(table6Rows(10, 10, 100, 200, 400), null);
        assertTrue(big.contains("10.00% of CoOpt") && big.contains("not negligible"), big);
    }

    @Test
    void table6ConfigRefusesNoAlignmentAndMissingCoopt() {
        List<String> priors = List.of("a", "b");
        new Table6.Config(W, B, List.of("coopt"), priors, 16, 0.01, "best");
        assertThrows(IllegalArgumentException.class, () -> new Table6.Config(W, B, List.of("coopt"), priors, 16, 0.01, "none"));
        assertThrows(IllegalArgumentException.class, () -> new Table6.Config(W, B, List.of("byol"), priors, 16, 0.01, "best"));
    }
}
