package org.coopt.workbench.ssl.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.Random;
import org.coopt.workbench.engine.Engines;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every SSL loss against a naive loop over the batch written from its formula (METHOD.md §6). */
class SslLossesTest {
    private static final int B = 6;
    private static final int D = 5;
    private static final double TOL = 2e-4;
    private NDManager m;
    private Random r;

    @BeforeEach
    void setUp() {
        m = NDManager.newBaseManager(Engines.device());
        r = new Random(7);
    }

    @AfterEach
    void tearDown() {
        m.close();
    }

    private static double scalar(NDArray x) {
        return x.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).getFloat();
    }

    // ---- BYOL -------------------------------------------------------------------------------------
    static double naiveByol(float[][] p, float[][] z) {
        double s = 0;
        for (int i = 0; i < p.length; i++) {
            s += Naive.cos(p[i], z[i]);
        }
        return 2 - 2 * s / p.length;
    }

    @Test
    void byolMatchesNaiveIncludingSymmetricTerm() {
        float[][] p1 = Naive.gaussian(r, B, D), p2 = Naive.gaussian(r, B, D);
        float[][] z1 = Naive.gaussian(r, B, D), z2 = Naive.gaussian(r, B, D);
        assertEquals(naiveByol(p1, z2), scalar(ByolLoss.loss(m.create(p1), m.create(z2))), TOL);
        double expected = naiveByol(p1, z2) + naiveByol(p2, z1);
        assertEquals(expected, scalar(ByolLoss.symmetric(m.create(p1), m.create(p2), m.create(z1), m.create(z2))), TOL);
        // Identical directions give the minimum 0; opposite ones the maximum 4.
        assertEquals(0, scalar(ByolLoss.loss(m.create(p1), m.create(p1).mul(3))), TOL);
        assertEquals(4, scalar(ByolLoss.loss(m.create(p1), m.create(p1).neg())), TOL);
    }

    // ---- SimSiam ----------------------------------------------------------------------------------
    @Test
    void simSiamMatchesNaiveIncludingSymmetricTerm() {
        float[][] p1 = Naive.gaussian(r, B, D), p2 = Naive.gaussian(r, B, D);
        float[][] z1 = Naive.gaussian(r, B, D), z2 = Naive.gaussian(r, B, D);
        double a = 0, b = 0;
        for (int i = 0; i < B; i++) {
            a += Naive.cos(p1[i], z2[i]);
            b += Naive.cos(p2[i], z1[i]);
        }
        double expected = -0.5 * (a / B) - 0.5 * (b / B);
        assertEquals(expected, scalar(SimSiamLoss.symmetric(m.create(p1), m.create(p2), m.create(z1), m.create(z2))), TOL);
    }

    // ---- NT-Xent ----------------------------------------------------------------------------------
    static double naiveNtXent(float[][] z1, float[][] z2, double t) {
        int b = z1.length;
        double[][] u = new double[2 * b][];
        for (int i = 0; i < b; i++) {
            u[i] = Naive.unit(z1[i]);
            u[b + i] = Naive.unit(z2[i]);
        }
        double total = 0;
        for (int i = 0; i < 2 * b; i++) {
            int pos = i < b ? i + b : i - b;
            double denom = 0;
            for (int k = 0; k < 2 * b; k++) {
                if (k != i) {
                    denom += Math.exp(Naive.dot(u[i], u[k]) / t);
                }
            }
            total += -Naive.dot(u[i], u[pos]) / t + Math.log(denom);
        }
        return total / (2 * b);
    }

    @Test
    void ntXentMatchesNaiveAndIsSymmetricInTheViews() {
        float[][] z1 = Naive.gaussian(r, B, D), z2 = Naive.gaussian(r, B, D);
        double expected = naiveNtXent(z1, z2, 0.2);
        assertEquals(expected, scalar(NtXentLoss.loss(m.create(z1), m.create(z2), 0.2f)), TOL * 10);
        assertEquals(expected, scalar(NtXentLoss.loss(m.create(z2), m.create(z1), 0.2f)), TOL * 10);
    }

    // ---- MoCo v2 ----------------------------------------------------------------------------------
    static double naiveMoCo(float[][] q, float[][] k, float[][] queue, double t) {
        double total = 0;
        for (int i = 0; i < q.length; i++) {
            double[] logits = new double[1 + queue.length];
            logits[0] = Naive.cos(q[i], k[i]) / t;
            for (int j = 0; j < queue.length; j++) {
                logits[1 + j] = Naive.dot(Naive.unit(q[i]), Naive.toDouble(queue[j])) / t;
            }
            total += -Naive.logSoftmax(logits)[0];
        }
        return total / q.length;
    }

    @Test
    void moCoMatchesNaiveIncludingSymmetricTerm() {
        float[][] q1 = Naive.gaussian(r, B, D), q2 = Naive.gaussian(r, B, D);
        float[][] k1 = Naive.gaussian(r, B, D), k2 = Naive.gaussian(r, B, D);
        float[][] queue1 = unitRows(Naive.gaussian(r, 11, D)), queue2 = unitRows(Naive.gaussian(r, 11, D));
        double expected = 0.5 * naiveMoCo(q1, k2, queue2, 0.2) + 0.5 * naiveMoCo(q2, k1, queue1, 0.2);
        NDArray got = MoCoLoss.symmetric(m.create(q1), m.create(q2), m.create(k1), m.create(k2),
                m.create(queue1), m.create(queue2), 0.2f);
        assertEquals(expected, scalar(got), TOL * 10);
    }

    static float[][] unitRows(float[][] x) {
        float[][] y = new float[x.length][];
        for (int i = 0; i < x.length; i++) {
            double[] u = Naive.unit(x[i]);
            y[i] = new float[u.length];
            for (int j = 0; j < u.length; j++) {
                y[i][j] = (float) u[j];
            }
        }
        return y;
    }

    // ---- DCL --------------------------------------------------------------------------------------
    static double naiveDclOneWay(float[][] z0, float[][] z1, double t) {
        double total = 0;
        int b = z0.length;
        for (int i = 0; i < b; i++) {
            double neg = 0;
            for (int j = 0; j < b; j++) {
                if (j != i) {
                    neg += Math.exp(Naive.cos(z0[i], z0[j]) / t) + Math.exp(Naive.cos(z0[i], z1[j]) / t);
                }
            }
            total += -Naive.cos(z0[i], z1[i]) / t + Math.log(neg);
        }
        return total / b;
    }

    @Test
    void dclMatchesNaiveWithPositiveOutsideTheDenominator() {
        float[][] z0 = Naive.gaussian(r, B, D), z1 = Naive.gaussian(r, B, D);
        double oneWay = naiveDclOneWay(z0, z1, 0.1);
        assertEquals(oneWay, scalar(DclLoss.loss(m.create(z0), m.create(z1), 0.1f)), TOL * 20);
        double expected = 0.5 * oneWay + 0.5 * naiveDclOneWay(z1, z0, 0.1);
        assertEquals(expected, scalar(DclLoss.symmetric(m.create(z0), m.create(z1), 0.1f)), TOL * 20);
    }

    // ---- Sinkhorn-Knopp and SwAV ------------------------------------------------------------------
    static double[][] naiveSinkhorn(float[][] scores, double eps, int iters) {
        int b = scores.length, k = scores[0].length;
        double[][] q = new double[k][b];
        double total = 0;
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < k; j++) {
                q[j][i] = Math.exp(scores[i][j] / eps);
                total += q[j][i];
            }
        }
        for (int j = 0; j < k; j++) {
            for (int i = 0; i < b; i++) {
                q[j][i] /= total;
            }
        }
        for (int it = 0; it < iters; it++) {
            for (int j = 0; j < k; j++) {
                double row = 0;
                for (int i = 0; i < b; i++) {
                    row += q[j][i];
                }
                for (int i = 0; i < b; i++) {
                    q[j][i] /= row * k;
                }
            }
            for (int i = 0; i < b; i++) {
                double col = 0;
                for (int j = 0; j < k; j++) {
                    col += q[j][i];
                }
                for (int j = 0; j < k; j++) {
                    q[j][i] /= col * b;
                }
            }
        }
        double[][] out = new double[b][k];
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < k; j++) {
                out[i][j] = q[j][i] * b;
            }
        }
        return out;
    }

    static float[][] scores(Random r, int b, int k) {
        float[][] s = Naive.gaussian(r, b, k);
        for (float[] row : s) {
            for (int j = 0; j < k; j++) {
                row[j] = (float) Math.tanh(row[j]); // cosine-like range [-1, 1]
            }
        }
        return s;
    }

    @Test
    void sinkhornMatchesNaiveAndHasTheRightMarginals() {
        int k = 4;
        float[][] s = scores(r, B, k);
        double[][] expected = naiveSinkhorn(s, 0.05, 3);
        float[][] got = rows(SinkhornKnopp.codes(m.create(s), 0.05f, 3), B, k);
        for (int i = 0; i < B; i++) {
            double rowSum = 0;
            for (int j = 0; j < k; j++) {
                assertEquals(expected[i][j], got[i][j], 1e-4, "code " + i + "," + j);
                rowSum += got[i][j];
            }
            assertEquals(1.0, rowSum, 1e-4, "each sample's code sums to 1");
        }
        // Prototype marginals: B/K each once the iterations converge.
        float[][] converged = rows(SinkhornKnopp.codes(m.create(s), 0.05f, 200), B, k);
        for (int j = 0; j < k; j++) {
            double colSum = 0;
            for (int i = 0; i < B; i++) {
                colSum += converged[i][j];
            }
            assertEquals((double) B / k, colSum, 1e-3, "prototype " + j + " gets mass B/K");
        }
    }

    static float[][] rows(NDArray x, int b, int k) {
        float[] flat = x.toFloatArray();
        float[][] out = new float[b][k];
        for (int i = 0; i < b; i++) {
            System.arraycopy(flat, i * k, out[i], 0, k);
        }
        return out;
    }

    @Test
    void swavMatchesNaiveSwappedPrediction() {
        int k = 4;
        float[][] p1 = scores(r, B, k), p2 = scores(r, B, k);
        double[][] q1 = naiveSinkhorn(p1, 0.05, 3), q2 = naiveSinkhorn(p2, 0.05, 3);
        double l12 = 0, l21 = 0;
        for (int i = 0; i < B; i++) {
            double[] ls2 = Naive.logSoftmax(scale(p2[i], 1 / 0.1));
            double[] ls1 = Naive.logSoftmax(scale(p1[i], 1 / 0.1));
            for (int j = 0; j < k; j++) {
                l12 -= q1[i][j] * ls2[j];
                l21 -= q2[i][j] * ls1[j];
            }
        }
        double expected = 0.5 * l12 / B + 0.5 * l21 / B;
        NDArray got = SwavLoss.fromScores(m.create(p1), m.create(p2), 0.1f, 0.05f, 3);
        assertEquals(expected, scalar(got), 1e-3);
    }

    static double[] scale(float[] x, double f) {
        double[] d = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            d[i] = x[i] * f;
        }
        return d;
    }

    // ---- DINO -------------------------------------------------------------------------------------
    static double naiveDinoOneWay(float[][] s, float[][] t, float[] c, double ts, double tt) {
        double total = 0;
        for (int i = 0; i < s.length; i++) {
            double[] centred = new double[c.length];
            for (int j = 0; j < c.length; j++) {
                centred[j] = (t[i][j] - c[j]) / tt;
            }
            double[] pt = Naive.softmax(centred);
            double[] ls = Naive.logSoftmax(scale(s[i], 1 / ts));
            for (int j = 0; j < c.length; j++) {
                total -= pt[j] * ls[j];
            }
        }
        return total / s.length;
    }

    @Test
    void dinoMatchesNaiveWithCentringTemperaturesAndCrossViewPairs() {
        int k = 7;
        float[][] s1 = Naive.gaussian(r, B, k), s2 = Naive.gaussian(r, B, k);
        float[][] t1 = Naive.gaussian(r, B, k), t2 = Naive.gaussian(r, B, k);
        float[] c = Naive.gaussian(r, 1, k)[0];
        double expected = 0.5 * naiveDinoOneWay(s2, t1, c, 0.1, 0.04) + 0.5 * naiveDinoOneWay(s1, t2, c, 0.1, 0.04);
        NDArray center = m.create(c).reshape(1, k);
        NDArray got = DinoLoss.symmetric(m.create(s1), m.create(s2), m.create(t1), m.create(t2), center, 0.1f, 0.04f);
        assertEquals(expected, scalar(got), 1e-3);

        // Centre EMA: c' = 0.9 c + 0.1 mean_{views, batch}(t).
        float[] updated = DinoLoss.updatedCenter(center, m.create(t1), m.create(t2), 0.9f).toFloatArray();
        for (int j = 0; j < k; j++) {
            double mean = 0;
            for (int i = 0; i < B; i++) {
                mean += t1[i][j] + t2[i][j];
            }
            mean /= 2 * B;
            assertEquals(0.9 * c[j] + 0.1 * mean, updated[j], 1e-5);
        }
    }

    @Test
    void dinoTeacherTemperatureWarmsUpLinearlyThenStays() {
        assertEquals(0.04f, DinoLoss.teacherTemperature(0, 10, 0.04f, 0.07f), 1e-7);
        assertEquals(0.055f, DinoLoss.teacherTemperature(5, 10, 0.04f, 0.07f), 1e-7);
        assertEquals(0.07f, DinoLoss.teacherTemperature(10, 10, 0.04f, 0.07f), 1e-7);
        assertEquals(0.07f, DinoLoss.teacherTemperature(500, 10, 0.04f, 0.07f), 1e-7);
    }

    // ---- stop-gradients ---------------------------------------------------------------------------
    /** Gradient of {@code lossOf(online, detached)} w.r.t. both inputs: [|grad online|, |grad detached|]. */
    private double[] gradNorms(java.util.function.BiFunction<NDArray, NDArray, NDArray> lossOf, float[][] a, float[][] b) {
        try (NDManager sub = m.newSubManager()) {
            NDArray online = sub.create(a);
            NDArray detached = sub.create(b);
            online.setRequiresGradient(true);
            detached.setRequiresGradient(true);
            try (GradientCollector gc = Engines.get().newGradientCollector()) {
                gc.backward(lossOf.apply(online, detached));
            }
            return new double[] {online.getGradient().abs().sum().getFloat(),
                    detached.getGradient().abs().sum().getFloat()};
        }
    }

    @Test
    void stopGradientsKeepTargetsCodesAndTeacherOutOfTheBackwardPass() {
        float[][] a = Naive.gaussian(r, B, D), b = Naive.gaussian(r, B, D);
        java.util.List<java.util.function.BiFunction<NDArray, NDArray, NDArray>> losses = java.util.List.of(
                ByolLoss::loss,
                SimSiamLoss::loss,
                (q, k) -> MoCoLoss.loss(q, k, Ops.normalize(k.getManager().create(unitRows(Naive.gaussian(new Random(3), 9, D)))), 0.2f),
                (s, t) -> DinoLoss.loss(s, t, s.getManager().zeros(new ai.djl.ndarray.types.Shape(1, D)), 0.1f, 0.04f),
                (p, p2) -> SwavLoss.loss(SinkhornKnopp.codes(p2, 0.05f, 3), p, 0.1f));
        for (int i = 0; i < losses.size(); i++) {
            double[] g = gradNorms(losses.get(i), a, b);
            assertTrue(g[0] > 1e-4, "loss " + i + ": the online branch gets a gradient, got " + g[0]);
            assertEquals(0.0, g[1], 0.0, "loss " + i + ": nothing reaches the detached branch");
        }
        // Contrastive losses without stop-gradient send gradient to both views.
        double[] nt = gradNorms((x, y) -> NtXentLoss.loss(x, y, 0.2f), a, b);
        double[] dcl = gradNorms((x, y) -> DclLoss.symmetric(x, y, 0.1f), a, b);
        assertTrue(nt[0] > 1e-4 && nt[1] > 1e-4 && dcl[0] > 1e-4 && dcl[1] > 1e-4);
    }
}
