package org.coopt.workbench.coopt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.coopt.workbench.util.UserInputException;
import org.coopt.workbench.engine.Engines;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** JL projection, uniformity and alignment against naive references written straight from the formulas. */
class MathTest {
    static NDManager mgr;

    @BeforeAll
    static void open() {
        mgr = NDManager.newBaseManager(Engines.device());
    }

    @AfterAll
    static void close() {
        mgr.close();
    }

    static double[][] gaussian(int n, int m, long seed) {
        Random r = new Random(seed);
        double[][] a = new double[n][m];
        for (double[] row : a) {
            for (int j = 0; j < m; j++) {
                row[j] = r.nextGaussian();
            }
        }
        return a;
    }

    static NDArray nd(double[][] a) {
        float[] f = new float[a.length * a[0].length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[0].length; j++) {
                f[i * a[0].length + j] = (float) a[i][j];
            }
        }
        return mgr.create(f, new Shape(a.length, a[0].length));
    }

    // ------------------------------------------------------------------ JL

    @Test
    void projectionMatchesAPlainMatrixProductAndHasVariance1OverD() {
        JlProjection p = new JlProjection(40, 16, 7);
        float[] pv = p.values();
        assertArrayEquals(pv, new JlProjection(40, 16, 7).values(), "same seed, same matrix");
        double mean = 0;
        double sq = 0;
        JlProjection big = new JlProjection(1000, 100, 3);
        for (float v : big.values()) {
            mean += v;
            sq += v * v;
        }
        mean /= 100_000;
        double var = sq / 100_000 - mean * mean;
        assertEquals(0, mean, 0.003);
        assertEquals(1.0 / 100, var, 0.0003, "entries N(0, 1/d)");
        double[][] f = gaussian(5, 40, 1);
        float[] y = p.apply(nd(f)).toFloatArray();
        for (int i = 0; i < 5; i++) {
            for (int k = 0; k < 16; k++) {
                double s = 0;
                for (int j = 0; j < 40; j++) {
                    s += f[i][j] * pv[j * 16 + k];
                }
                assertEquals(s, y[i * 16 + k], 1e-4);
            }
        }
        assertThrows(UserInputException.class, () -> new JlProjection(10, 20, 1).requireReduction());
    }

    @Test
    void projectionKeepsPairwiseDistancesWithinTheJlBound() {
        // JL: for d >= 8 ln(n) / ε², all pairwise squared distances are kept within (1 ± ε) with probability
        // >= 1 − 1/n (Dasgupta & Gupta). n = 60 points in m = 2000 dims, d = 128 -> ε ≈ 0.50.
        int n = 60;
        int m = 2000;
        int d = 128;
        double eps = Math.sqrt(8 * Math.log(n) / d);
        double[][] f = gaussian(n, m, 11);
        float[] y = new JlProjection(m, d, 5).apply(nd(f)).toFloatArray();
        double worst = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double a = 0;
                double b = 0;
                for (int k = 0; k < m; k++) {
                    a += (f[i][k] - f[j][k]) * (f[i][k] - f[j][k]);
                }
                for (int k = 0; k < d; k++) {
                    double t = y[i * d + k] - y[j * d + k];
                    b += t * t;
                }
                worst = Math.max(worst, Math.abs(b / a - 1));
            }
        }
        assertTrue(worst < eps, "worst distortion " + worst + " must stay below ε = " + eps);
        assertTrue(worst > 0.01, "a projection to 128 of 2000 dims is not an isometry: " + worst);
    }

    // ------------------------------------------------------------------ uniformity

    /** log( mean_{i<j} exp(−t‖z_i − z_j‖²) ), z = f/max(‖f‖, 1e-12), in plain loops. */
    static double naiveUniformity(double[][] f, double t) {
        int n = f.length;
        double[][] z = new double[n][];
        for (int i = 0; i < n; i++) {
            double norm = 0;
            for (double v : f[i]) {
                norm += v * v;
            }
            norm = Math.max(Math.sqrt(norm), 1e-12);
            z[i] = new double[f[i].length];
            for (int j = 0; j < f[i].length; j++) {
                z[i][j] = f[i][j] / norm;
            }
        }
        double s = 0;
        long pairs = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double d = 0;
                for (int k = 0; k < z[i].length; k++) {
                    d += (z[i][k] - z[j][k]) * (z[i][k] - z[j][k]);
                }
                s += Math.exp(-t * d);
                pairs++;
            }
        }
        return Math.log(s / pairs);
    }

    @Test
    void uniformityMatchesTheNaiveFormula() {
        Uniformity u = new Uniformity();
        for (int seed = 0; seed < 3; seed++) {
            double[][] f = gaussian(150 + seed * 37, 3 + seed * 10, seed);
            assertEquals(naiveUniformity(f, 2), u.value(nd(f)), 1e-4);
        }
        double[][] g = gaussian(80, 6, 9);
        assertEquals(naiveUniformity(g, 0.5), new Uniformity(Uniformity.Settings.DEFAULT.withT(0.5)).value(nd(g)), 1e-4);
        // features shifted to one side of the sphere: far less uniform, value closer to 0
        double[][] h = gaussian(100, 8, 2);
        for (double[] row : h) {
            row[0] += 10;
        }
        double clustered = u.value(nd(h));
        assertEquals(naiveUniformity(h, 2), clustered, 1e-4);
        assertTrue(clustered > u.value(nd(gaussian(100, 8, 2))));
    }

    @Test
    void uniformityHandValuesAndRange() {
        Uniformity u = new Uniformity();
        // identical points: every distance 0 -> log 1 = 0
        assertEquals(0, u.value(nd(new double[][] {{1, 2}, {2, 4}, {0.5, 1}})), 1e-6);
        // orthonormal points: every distance² 2 -> log e^{-4} = -4
        assertEquals(-4, u.value(nd(new double[][] {{1, 0, 0}, {0, 3, 0}, {0, 0, 0.2}})), 1e-5);
        // e1, e1, e2: pairs 0, 2, 2 -> log((1 + 2e^{-4}) / 3)
        assertEquals(Math.log((1 + 2 * Math.exp(-4)) / 3), u.value(nd(new double[][] {{1, 0}, {2, 0}, {0, 1}})), 1e-6);
        // antipodal pair: distance² 4 -> -8 = -4·n/(n−1) for n = 2, the lower end for two points
        assertEquals(-8, u.value(nd(new double[][] {{1, 0}, {-1, 0}})), 1e-5);
        // a zero row stays zero (distance² 1 to a unit vector)
        assertEquals(-2, u.value(nd(new double[][] {{0, 0}, {5, 0}})), 1e-5);
        // range: in [−4·n/(n−1), 0] for any data (Jensen), -> [−4, 0] for large n
        for (int seed = 0; seed < 3; seed++) {
            double v = u.value(nd(gaussian(500, 64, seed)));
            assertTrue(v <= 0 && v >= -4.0 * 500 / 499, "U = " + v);
            assertTrue(v < -3.5, "Gaussian data in 64 dims is nearly uniform on the sphere: " + v);
        }
    }

    @Test
    void sharedSetCapIsSeededAndSorted() {
        int[] rows = new int[25_000];
        java.util.Arrays.setAll(rows, i -> i * 2);
        int[] a = Uniformity.cap(rows, 10_000, 4);
        assertEquals(10_000, a.length);
        assertArrayEquals(a, Uniformity.cap(rows, 10_000, 4));
        assertTrue(java.util.Arrays.stream(a).distinct().count() == 10_000);
        for (int i = 1; i < a.length; i++) {
            assertTrue(a[i] > a[i - 1] && a[i] % 2 == 0);
        }
        assertTrue(!java.util.Arrays.equals(a, Uniformity.cap(rows, 10_000, 5)));
        assertArrayEquals(new int[] {4, 2}, Uniformity.cap(new int[] {4, 2}, 10, 1));
    }

    // ------------------------------------------------------------------ alignment

    /** T = (YᵀY + λI)⁻¹ YᵀY_b by Gaussian elimination with partial pivoting, in plain loops. */
    static double[][] naiveRidge(double[][] y, double[][] yb, double lambda) {
        int n = y.length;
        int d = y[0].length;
        double[][] a = new double[d][2 * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double s = 0;
                double r = 0;
                for (int k = 0; k < n; k++) {
                    s += y[k][i] * y[k][j];
                    r += y[k][i] * yb[k][j];
                }
                a[i][j] = s + (i == j ? lambda : 0);
                a[i][d + j] = r;
            }
        }
        for (int c = 0; c < d; c++) {
            int p = c;
            for (int r = c + 1; r < d; r++) {
                if (Math.abs(a[r][c]) > Math.abs(a[p][c])) {
                    p = r;
                }
            }
            double[] tmp = a[c];
            a[c] = a[p];
            a[p] = tmp;
            for (int r = 0; r < d; r++) {
                if (r != c) {
                    double f = a[r][c] / a[c][c];
                    for (int k = c; k < 2 * d; k++) {
                        a[r][k] -= f * a[c][k];
                    }
                }
            }
        }
        double[][] t = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                t[i][j] = a[i][d + j] / a[i][i];
            }
        }
        return t;
    }

    static double[][] matmul(double[][] a, double[][] b) {
        double[][] c = new double[a.length][b[0].length];
        for (int i = 0; i < a.length; i++) {
            for (int k = 0; k < b.length; k++) {
                for (int j = 0; j < b[0].length; j++) {
                    c[i][j] += a[i][k] * b[k][j];
                }
            }
        }
        return c;
    }

    @Test
    void ridgeMatchesTheNaiveClosedFormWithTheDefaultLambda() {
        double[][] y = gaussian(200, 12, 1);
        double[][] yb = gaussian(200, 12, 2);
        double trace = 0;
        for (double[] row : y) {
            for (double v : row) {
                trace += v * v;
            }
        }
        double lambda = 1e-3 * trace / 12;
        double[][] want = naiveRidge(y, yb, lambda);
        float[] got = new RidgeAligner().fit(nd(y), nd(yb)).toFloatArray();
        for (int i = 0; i < 12; i++) {
            for (int j = 0; j < 12; j++) {
                assertEquals(want[i][j], got[i * 12 + j], 1e-4);
            }
        }
        assertEquals(lambda, Aligner.lambda(nd(y), java.util.OptionalDouble.empty(), 1e-3), lambda * 1e-5);
    }

    @Test
    void ridgeAndGradientAgreeAndRecoverAPlantedMatrix() {
        int n = 400;
        int d = 10;
        double[][] y = gaussian(n, d, 3);
        double[][] planted = gaussian(d, d, 4);
        double[][] yb = matmul(y, planted);
        NDArray src = nd(y);
        NDArray ref = nd(yb);
        float[] ridge = new RidgeAligner(1e-6, 0).fit(src, ref).toFloatArray();
        float[] grad = new GradientAligner(1e-6, 0, 1e-2, 3000).fit(src, ref).toFloatArray();
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                assertEquals(planted[i][j], ridge[i * d + j], 1e-3, "ridge recovers T*");
                assertEquals(planted[i][j], grad[i * d + j], 2e-2, "gradient recovers T*");
            }
        }
        // with the default λ on noisy data both solvers reach the same minimiser
        double[][] noisy = gaussian(n, d, 5);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                noisy[i][j] = yb[i][j] + 0.5 * noisy[i][j];
            }
        }
        NDArray ref2 = nd(noisy);
        NDArray r = new RidgeAligner().fit(src, ref2);
        NDArray g = new GradientAligner().fit(src, ref2);
        double lam = Aligner.lambda(src, java.util.OptionalDouble.empty(), 1e-3);
        double lr = Aligner.loss(src, ref2, r, lam);
        double lg = Aligner.loss(src, ref2, g, lam);
        assertEquals(lr, lg, 1e-3 * lr, "same objective value");
        assertTrue(lr <= lg + 1e-6 * lr, "the closed form is the minimum");
        float[] rv = r.toFloatArray();
        float[] gv = g.toFloatArray();
        for (int i = 0; i < rv.length; i++) {
            assertEquals(rv[i], gv[i], 2e-2);
        }
        assertEquals("gradient", Alignment.solver("gradient").name());
        assertThrows(UserInputException.class, () -> Alignment.solver("sgd"));
        assertThrows(UserInputException.class, () -> new RidgeAligner().fit(src, nd(gaussian(n, d + 1, 1))));
    }

    @Test
    void alignmentChoicePicksBestMediumWorstOrNone() {
        double[] u = {-2.0, -3.5, -1.0, -3.0, -2.5};
        assertEquals(1, Alignment.Choice.BEST.pick(u));
        assertEquals(4, Alignment.Choice.MEDIUM.pick(u), "sorted: 1,3,4,0,2 -> rank 2");
        assertEquals(2, Alignment.Choice.WORST.pick(u));
        assertEquals(-1, Alignment.Choice.NONE.pick(u));
        assertEquals(2, Alignment.Choice.MEDIUM.pick(new double[] {-1, -2, -3, -4}), "rank 1 of 4 in ascending U: the better middle prior");
        assertEquals(0, Alignment.Choice.BEST.pick(new double[] {-2, -2}), "ties to the lower index");
        assertEquals(Alignment.Choice.WORST, Alignment.Choice.parse("Worst"));
        assertThrows(UserInputException.class, () -> Alignment.Choice.parse("median"));
    }
}
