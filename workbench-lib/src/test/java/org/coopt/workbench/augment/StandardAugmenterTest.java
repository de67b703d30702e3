package org.coopt.workbench.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.Random;
import org.coopt.workbench.engine.Engines;
import org.junit.jupiter.api.Test;

class StandardAugmenterTest {
    private static final int B = 4;
    private static final int C = 3;
    private static final int H = 12;
    private static final int W = 10;

    private static float[] randomImages(long seed, int c) {
        Random r = new Random(seed);
        float[] x = new float[B * c * H * W];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextFloat();
        }
        return x;
    }

    private static AugmentSettings only(double flipP) {
        return new AugmentSettings(1, 1, 1, 1, flipP, 0, 0, 0, 0, 0, 0, 0, 0.1, 2, 0);
    }

    @Test
    void flipWithProbabilityOneMirrorsEveryRow() {
        try (NDManager m = Engines.get().newBaseManager()) {
            float[] x = randomImages(1, C);
            float[] y = new StandardAugmenter(only(1.0)).apply(m.create(x, new Shape(B, C, H, W)), new Random(0))
                    .toFloatArray();
            for (int p = 0; p < B * C * H; p++) {
                for (int col = 0; col < W; col++) {
                    assertEquals(x[p * W + col], y[p * W + W - 1 - col], 1e-6);
                }
            }
        }
    }

    @Test
    void cropResizeKeepsConstantsAndLinearRampsLinear() {
        AugmentSettings crop = new AugmentSettings(0.3, 0.6, 0.75, 4.0 / 3, 0.5, 0, 0, 0, 0, 0, 0, 0, 0.1, 2, 0);
        try (NDManager m = Engines.get().newBaseManager()) {
            float[] ramp = new float[B * H * W];
            for (int p = 0; p < B * H; p++) {
                for (int col = 0; col < W; col++) {
                    ramp[p * W + col] = 0.05f + 0.09f * col + 0.001f * (p % H);
                }
            }
            float[] y = new StandardAugmenter(crop).apply(m.create(ramp, new Shape(B, 1, H, W)), new Random(3))
                    .toFloatArray();
            boolean someCropped = false;
            for (int p = 0; p < B * H; p++) {
                // interior second differences of an affine function vanish (bilinear reproduces it),
                // apart from the clamped first output pixel
                for (int col = 2; col < W - 2; col++) {
                    double d2 = y[p * W + col + 1] - 2 * y[p * W + col] + y[p * W + col - 1];
                    assertEquals(0, d2, 1e-4, "row " + p + " col " + col);
                }
                double slope = Math.abs(y[p * W + 5] - y[p * W + 4]);
                someCropped |= slope < 0.085; // a crop narrower than the image stretches the ramp
            }
            assertTrue(someCropped);
            float[] ones = new float[B * H * W];
            Arrays.fill(ones, 0.7f);
            float[] c = new StandardAugmenter(crop).apply(m.create(ones, new Shape(B, 1, H, W)), new Random(5))
                    .toFloatArray();
            for (float v : c) {
                assertEquals(0.7f, v, 1e-5);
            }
        }
    }

    @Test
    void grayscaleAndSolarizeFollowTheirFormulas() {
        AugmentSettings gray = new AugmentSettings(1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 1.0, 0, 0.1, 2, 0);
        AugmentSettings sol = new AugmentSettings(1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0.1, 2, 1.0);
        try (NDManager m = Engines.get().newBaseManager()) {
            float[] x = randomImages(2, C);
            float[] g = new StandardAugmenter(gray).apply(m.create(x, new Shape(B, C, H, W)), new Random(0)).toFloatArray();
            int plane = H * W;
            for (int b = 0; b < B; b++) {
                for (int p = 0; p < plane; p++) {
                    int base = b * C * plane + p;
                    double luma = 0.299 * x[base] + 0.587 * x[base + plane] + 0.114 * x[base + 2 * plane];
                    for (int ch = 0; ch < C; ch++) {
                        assertEquals(luma, g[base + ch * plane], 1e-5);
                    }
                }
            }
            float[] s = new StandardAugmenter(sol).apply(m.create(x, new Shape(B, C, H, W)), new Random(0)).toFloatArray();
            for (int i = 0; i < x.length; i++) {
                assertEquals(x[i] >= 0.5f ? 1 - x[i] : x[i], s[i], 1e-6);
            }
        }
    }

    @Test
    void colourStepsAreNoOpsOnOneChannelAndJitterKeepsRange() {
        AugmentSettings colourOnly = new AugmentSettings(1, 1, 1, 1, 0, 1.0, 0.8, 0.8, 0.8, 0.2, 1.0, 0, 0.1, 2, 0);
        try (NDManager m = Engines.get().newBaseManager()) {
            float[] x1 = randomImages(4, 1);
            float[] y1 = new StandardAugmenter(colourOnly).apply(m.create(x1, new Shape(B, 1, H, W)), new Random(0))
                    .toFloatArray();
            assertArrayEquals(x1, y1, 0f);
            float[] x3 = randomImages(5, C);
            float[] y3 = new StandardAugmenter(AugmentSettings.rela().withBlur(0.5).withSolarize(0.5))
                    .apply(m.create(x3, new Shape(B, C, H, W)), new Random(1)).toFloatArray();
            for (float v : y3) {
                assertTrue(v >= -1e-6 && v <= 1 + 1e-6, "value " + v);
            }
        }
    }

    @Test
    void blurSmoothsButKeepsConstantImages() {
        AugmentSettings blur = AugmentSettings.none().withBlur(1.0);
        try (NDManager m = Engines.get().newBaseManager()) {
            float[] x = randomImages(6, 1);
            float[] y = new StandardAugmenter(blur).apply(m.create(x, new Shape(B, 1, H, W)), new Random(2)).toFloatArray();
            assertTrue(variance(y) < variance(x) * 0.9, "blur must reduce pixel variance");
            float[] c = new float[x.length];
            Arrays.fill(c, 0.3f);
            float[] yc = new StandardAugmenter(blur).apply(m.create(c, new Shape(B, 1, H, W)), new Random(2)).toFloatArray();
            for (float v : yc) {
                assertEquals(0.3f, v, 1e-5);
            }
        }
    }

    @Test
    void seededViewsRepeatAndDifferAcrossSeeds() {
        try (NDManager m = Engines.get().newBaseManager()) {
            NDArray x = m.create(randomImages(7, C), new Shape(B, C, H, W));
            StandardAugmenter aug = new StandardAugmenter(AugmentSettings.rela());
            float[] a = aug.apply(x, new Random(42)).toFloatArray();
            float[] b = aug.apply(x, new Random(42)).toFloatArray();
            float[] c = aug.apply(x, new Random(43)).toFloatArray();
            assertArrayEquals(a, b, 0f);
            assertFalse(Arrays.equals(a, c));
        }
    }

    private static double variance(float[] v) {
        double s = 0;
        double s2 = 0;
        for (float f : v) {
            s += f;
            s2 += f * f;
        }
        double mean = s / v.length;
        return s2 / v.length - mean * mean;
    }
}
