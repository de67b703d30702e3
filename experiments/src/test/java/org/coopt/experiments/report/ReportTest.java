package org.coopt.experiments.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class ReportTest {

    /** ρ = 1 − 6Σd²/(n(n²−1)) for data without ties, d = rank difference. */
    static double naiveSpearman(double[] x, double[] y) {
        int n = x.length;
        double[] rx = ranks(x);
        double[] ry = ranks(y);
        double d2 = 0;
        for (int i = 0; i < n; i++) {
            d2 += (rx[i] - ry[i]) * (rx[i] - ry[i]);
        }
        return 1 - 6 * d2 / (n * ((double) n * n - 1));
    }

    static double[] ranks(double[] v) {
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            int below = 0;
            for (double w : v) {
                if (w < v[i]) {
                    below++;
                }
            }
            r[i] = below + 1;
        }
        return r;
    }

    @Test
    void spearmanMatchesTheRankFormulaAndHandValues() {
        // Hand-computed: ranks x = 1..5, y ranks = 2,1,4,3,5 -> Σd² = 4 -> ρ = 1 − 24/120 = 0.8
        double[] x = {1, 2, 3, 4, 5};
        double[] y = {20, 10, 40, 30, 50};
        assertEquals(0.8, Stats.spearman(x, y).rho(), 1e-12);
        Random rnd = new Random(3);
        double[] a = new double[40];
        double[] b = new double[40];
        for (int i = 0; i < a.length; i++) {
            a[i] = rnd.nextGaussian();
            b[i] = a[i] + 0.7 * rnd.nextGaussian();
        }
        Stats.Correlation c = Stats.spearman(a, b);
        assertEquals(naiveSpearman(a, b), c.rho(), 1e-9);
        assertTrue(c.pValue() < 1e-4, "strong correlation should be significant: " + c);
        double[] noise = new double[40];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = rnd.nextGaussian();
        }
        assertTrue(Stats.spearman(a, noise).pValue() > 0.01);
    }

    @Test
    void tsneKeepsPlantedClustersApartAndIsRepeatable() {
        Random rnd = new Random(1);
        int n = 120;
        double[][] pts = new double[n][10];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 10; j++) {
                pts[i][j] = (i < n / 2 ? 0 : 8) + rnd.nextGaussian();
            }
        }
        double[][] e1 = Stats.tsne(pts, 15, 500, 7);
        double[][] e2 = Stats.tsne(pts, 15, 500, 7);
        assertArrayEquals(e1[5], e2[5], 1e-9);
        // every point is nearer its own cluster's centroid than the other's
        double[][] c = new double[2][2];
        for (int i = 0; i < n; i++) {
            c[i < n / 2 ? 0 : 1][0] += e1[i][0] / (n / 2.0);
            c[i < n / 2 ? 0 : 1][1] += e1[i][1] / (n / 2.0);
        }
        for (int i = 0; i < n; i++) {
            int own = i < n / 2 ? 0 : 1;
            double dOwn = Math.hypot(e1[i][0] - c[own][0], e1[i][1] - c[own][1]);
            double dOther = Math.hypot(e1[i][0] - c[1 - own][0], e1[i][1] - c[1 - own][1]);
            assertTrue(dOwn < dOther, "point " + i + " drifted to the other cluster");
        }
    }

    @Test
    void figuresAreWrittenAsPngAndSvg(@TempDir Path tmp) throws Exception {
        var chart = Figures.lines("dynamics", "epoch", "acc",
                List.of(new Figures.Series("coopt", new double[] {1, 2}, new double[] {50, 60})));
        Path png = Figures.save(chart, tmp.resolve("fig"));
        byte[] head = java.util.Arrays.copyOf(Files.readAllBytes(png), 4);
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, head);
        assertTrue(Files.readString(tmp.resolve("fig.svg")).contains("<svg"));
    }

    @Test
    void markdownTableHasHeaderRuleAndEscapedCells() {
        Table t = Table.create("t", StringColumn.create("method", "coopt", "a|b"), DoubleColumn.create("acc", 80.5, 70.25));
        String md = MarkdownTable.of(t);
        assertEquals("| method | acc |\n|---|---|\n| coopt | 80.5 |\n| a\\|b | 70.25 |\n", md);
    }

    /** The timing note says how the participants ran, from the cells' own rows. */
    @Test
    void timingNoteSaysWhetherParticipantsRanInParallel() {
        var serial = List.of(new org.coopt.experiments.ResultRow("t", "coopt", 0, "participant_workers", 1),
                new org.coopt.experiments.ResultRow("t", "coopt", 0, "participant_threads", 2));
        var parallel = List.of(new org.coopt.experiments.ResultRow("t", "coopt", 0, "participant_workers", 2),
                new org.coopt.experiments.ResultRow("t", "coopt", 0, "participant_threads", 1),
                new org.coopt.experiments.ResultRow("t", "byol", 0, "pretrain_s", 9));
        assertTrue(RunReport.timingNote(serial).contains("one after another"));
        assertTrue(RunReport.timingNote(List.of()).contains("one after another"), "older runs recorded no schedule");
        String note = RunReport.timingNote(parallel);
        assertTrue(note.contains("in parallel in this process, 2 at a time with 1 PyTorch thread(s) each"), note);
    }
}
