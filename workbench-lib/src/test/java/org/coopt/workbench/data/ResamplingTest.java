package org.coopt.workbench.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The shared resampler against bilinear and box formulas written out as plain loops. */
class ResamplingTest {

    /** A 1-px checkerboard of 0 and 255, n×n. */
    static float[] checkerboard(int n) {
        float[] f = new float[n * n];
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                f[y * n + x] = ((x + y) & 1) == 0 ? 0f : 255f;
            }
        }
        return f;
    }

    /** Naive bilinear from the formula: s = (i + 0.5)·w/W − 0.5 clamped, linear between ⌊s⌋ and ⌊s⌋ + 1. */
    static float[] naiveBilinear(float[] src, int w, int h, int ow, int oh) {
        float[] out = new float[ow * oh];
        for (int y = 0; y < oh; y++) {
            double sy = Math.min(Math.max((y + 0.5) * h / oh - 0.5, 0), h - 1);
            int y0 = (int) Math.floor(sy);
            int y1 = Math.min(y0 + 1, h - 1);
            double fy = sy - y0;
            for (int x = 0; x < ow; x++) {
                double sx = Math.min(Math.max((x + 0.5) * w / ow - 0.5, 0), w - 1);
                int x0 = (int) Math.floor(sx);
                int x1 = Math.min(x0 + 1, w - 1);
                double fx = sx - x0;
                double top = (1 - fx) * src[y0 * w + x0] + fx * src[y0 * w + x1];
                double bot = (1 - fx) * src[y1 * w + x0] + fx * src[y1 * w + x1];
                out[y * ow + x] = (float) ((1 - fy) * top + fy * bot);
            }
        }
        return out;
    }

    static float[] random(int n, long seed) {
        Random r = new Random(seed);
        float[] f = new float[n];
        for (int i = 0; i < n; i++) {
            f[i] = r.nextInt(256);
        }
        return f;
    }

    @Test
    void anExactHalvingIsTheTwoByTwoBoxAverage() {
        float[] src = random(8 * 6, 1);
        float[] got = Resampling.resize(src, 8, 6, 4, 3);
        for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 4; x++) {
                double box = (src[2 * y * 8 + 2 * x] + src[2 * y * 8 + 2 * x + 1] + src[(2 * y + 1) * 8 + 2 * x]
                        + src[(2 * y + 1) * 8 + 2 * x + 1]) / 4.0;
                assertEquals(box, got[y * 4 + x], 1e-4, "pixel " + x + "," + y);
            }
        }
        assertArrayEquals(Resampling.bilinear(src, 8, 6, 4, 3), Resampling.halve(src, 8, 6), 1e-4f,
                "the one-pass box is the bilinear halving");
    }

    @Test
    void oneStepMatchesTheBilinearFormulaUpAndDown() {
        float[] src = random(5 * 3, 2);
        assertArrayEquals(naiveBilinear(src, 5, 3, 7, 4), Resampling.bilinear(src, 5, 3, 7, 4), 1e-3f);
        assertArrayEquals(naiveBilinear(src, 5, 3, 7, 4), Resampling.resize(src, 5, 3, 7, 4), 1e-3f,
                "enlarging is one bilinear step");
        float[] big = random(9 * 7, 3);
        assertArrayEquals(naiveBilinear(big, 9, 7, 5, 6), Resampling.bilinear(big, 9, 7, 5, 6), 1e-3f);
    }

    @Test
    void shrinkingHalvesWhileAtLeastTwiceTheTargetThenStepsOnce() {
        // 20x12 -> 3x5: x halves 20 -> 10 -> 5 (5 < 6), y halves 12 -> 6 (6 < 10), then one step to 3x5.
        float[] src = random(20 * 12, 4);
        float[] h1 = naiveBilinear(src, 20, 12, 10, 6);
        float[] h2 = naiveBilinear(h1, 10, 6, 5, 6);
        float[] expected = naiveBilinear(h2, 5, 6, 3, 5);
        assertArrayEquals(expected, Resampling.resize(src, 20, 12, 3, 5), 1e-3f);
        float[] same = random(16, 5);
        assertArrayEquals(same, Resampling.resize(same, 4, 4, 4, 4));
    }

    @Test
    void aFineCheckerboardShrinksToGreyNotToAliases() {
        // Each case: side -> target. 96 -> 32 (3x) is the case where one bilinear step lands every sample
        // on a single pixel and returns the checkerboard itself (0 or 255); 500 -> 64 is an ImageNet-like
        // non-integer factor (moire); 512 -> 64 is the 8x shrink.
        for (int[] c : List.of(new int[] {512, 64}, new int[] {96, 32}, new int[] {500, 64}, new int[] {64, 8})) {
            int n = c[0];
            int m = c[1];
            byte[] src = new byte[n * n];
            Resampling.toBytes(checkerboard(n), src, 0);
            byte[] out = new byte[m * m];
            Resampling.resize(src, 0, n, n, out, 0, m, m);
            for (int k = 0; k < out.length; k++) {
                int v = out[k] & 0xFF;
                assertTrue(Math.abs(v - 127.5) <= 1, n + " -> " + m + ": pixel " + k + " is " + v + ", not ~127");
            }
        }
        // The test can fail: a single bilinear step aliases the same input.
        float[] single = naiveBilinear(checkerboard(96), 96, 96, 32, 32);
        assertEquals(0f, single[0], 1e-3f);
        assertEquals(255f, single[1], 1e-3f);
        float[] moire = naiveBilinear(checkerboard(500), 500, 500, 64, 64);
        float lo = 255;
        float hi = 0;
        for (float v : moire) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        assertTrue(hi - lo > 100, "single-step 500 -> 64 spans " + lo + ".." + hi);
    }

    @Test
    void bytesRoundHalfUpAndClamp() {
        byte[] out = new byte[5];
        Resampling.toBytes(new float[] {-3f, 0.49f, 127.5f, 254.6f, 300f}, out, 0);
        assertArrayEquals(new byte[] {0, 0, (byte) 128, (byte) 255, (byte) 255}, out);
    }
}
