package org.coopt.workbench.data;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded synthetic images for fast tests: each class is a pattern, each sample a noisy copy.
 *
 * <p>Class k, channel c has a sinusoidal grating drawn once from the seed:
 * {@code P_kc(x, y) = A · sin(2π f_kc (x cos θ_kc + y sin θ_kc) / S + φ_kc)}, with frequency f in
 * [1, 4) cycles per image, orientation θ in [0, π), phase φ in [0, 2π), amplitude A = {@value #AMPLITUDE}.
 * Sample i has label {@code i % classes} (balanced, interleaved) and pixels
 * {@code clamp(round(128 + P_kc(x + dx, y + dy) + b + ε), 0, 255)}: a random shift dx, dy in
 * {−1, 0, 1}, a brightness offset b ~ N(0, {@value #BRIGHTNESS_SD}²) per sample and pixel noise
 * ε ~ N(0, {@value #NOISE_SD}²). The same seed gives identical bytes; the patterns depend only on
 * (seed, channels, size, classes), so the TRAIN and TEST splits of one seed share them and differ only
 * in their samples (drawn from independent streams). The noise keeps single pixels ambiguous, but a
 * linear model (even nearest class mean) separates the classes far above chance.
 */
public final class SyntheticImages {
    public static final double AMPLITUDE = 40;
    public static final double NOISE_SD = 40;
    public static final double BRIGHTNESS_SD = 15;

    private SyntheticImages() {}

    /** {@code n} training images (split TRAIN). */
    public static ArrayImageDataset generate(int n, int channels, int size, int classes, long seed) {
        return generate(n, channels, size, classes, seed, Split.TRAIN);
    }

    /** {@code n} images of {@code split}: shared class patterns, samples from the split's own stream. */
    public static ArrayImageDataset generate(int n, int channels, int size, int classes, long seed, Split split) {
        if (n < 0 || channels < 1 || size < 1 || classes < 1) {
            throw new IllegalArgumentException("synthetic images need n >= 0, channels, size, classes >= 1; got n="
                    + n + " channels=" + channels + " size=" + size + " classes=" + classes);
        }
        long bytes = (long) n * channels * size * size;
        if (bytes > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("synthetic dataset of " + bytes + " bytes is too large");
        }
        SplittableRandom patterns = new SplittableRandom(seed);
        double[][] freq = new double[classes][channels];
        double[][] cos = new double[classes][channels];
        double[][] sin = new double[classes][channels];
        double[][] phase = new double[classes][channels];
        for (int k = 0; k < classes; k++) {
            for (int c = 0; c < channels; c++) {
                freq[k][c] = 1 + 3 * patterns.nextDouble();
                double theta = Math.PI * patterns.nextDouble();
                cos[k][c] = Math.cos(theta);
                sin[k][c] = Math.sin(theta);
                phase[k][c] = 2 * Math.PI * patterns.nextDouble();
            }
        }
        // Independent sample stream per split: the seed's pattern stream split off once per split.
        SplittableRandom samples = new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (split.ordinal() + 1)));
        byte[] px = new byte[(int) bytes];
        int[] labels = new int[n];
        int plane = size * size;
        int off = 0;
        for (int i = 0; i < n; i++) {
            int k = i % classes;
            labels[i] = k;
            int dx = samples.nextInt(3) - 1;
            int dy = samples.nextInt(3) - 1;
            double b = BRIGHTNESS_SD * samples.nextGaussian();
            for (int c = 0; c < channels; c++) {
                double w = 2 * Math.PI * freq[k][c] / size;
                for (int y = 0; y < size; y++) {
                    for (int x = 0; x < size; x++) {
                        double p = AMPLITUDE * Math.sin(w * ((x + dx) * cos[k][c] + (y + dy) * sin[k][c]) + phase[k][c]);
                        long v = Math.round(128 + p + b + NOISE_SD * samples.nextGaussian());
                        px[off + y * size + x] = (byte) Math.max(0, Math.min(255, v));
                    }
                }
                off += plane;
            }
        }
        List<String> names = new ArrayList<>(classes);
        for (int k = 0; k < classes; k++) {
            names.add("pattern-" + k);
        }
        String name = "synthetic-" + split.id() + "-" + classes + "c-" + channels + "x" + size + "x" + size + "-seed" + seed;
        return ArrayImageDataset.of(name, channels, size, size, px, labels, names, null, List.of());
    }
}
