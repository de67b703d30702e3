package org.coopt.workbench.util;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * Seeded shuffles and samples, the one Fisher–Yates of the workbench. Any {@link RandomGenerator} drives them
 * ({@link java.util.Random} or {@link java.util.SplittableRandom}); the draws are those of the textbook algorithms
 * below, so the same generator state gives the same permutation everywhere.
 *
 * <pre>
 *   shuffle:  for i = n−1 … 1:  j ~ U{0..i};     swap a[i], a[j]      (Durstenfeld, backwards)
 *   sample:   for i = 0 … m−1:  j ~ U{i..n−1};   swap a[i], a[j]      (partial, forwards; a[0..m) is the sample)
 * </pre>
 */
public final class Shuffle {
    private Shuffle() {}

    /** Shuffles {@code a} in place (every permutation equally likely). */
    public static void shuffle(int[] a, RandomGenerator r) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /** A uniformly random permutation of 0..n−1. */
    public static int[] permutation(int n, RandomGenerator r) {
        int[] p = identity(n);
        shuffle(p, r);
        return p;
    }

    /** 0, 1, …, n−1. */
    public static int[] identity(int n) {
        int[] a = new int[n];
        Arrays.setAll(a, i -> i);
        return a;
    }

    /**
     * min(m, a.length) distinct entries of {@code a}, uniformly without replacement, in drawn order (the first m
     * positions of a partial forward Fisher–Yates over a copy of {@code a}).
     */
    public static int[] sample(int[] a, int m, RandomGenerator r) {
        int[] b = a.clone();
        int take = Math.min(m, b.length);
        for (int i = 0; i < take; i++) {
            int j = i + r.nextInt(b.length - i);
            int t = b[i];
            b[i] = b[j];
            b[j] = t;
        }
        return Arrays.copyOf(b, take);
    }

    /** {@link #sample} of 0..n−1, sorted ascending (a random subset as sorted ids). */
    public static int[] sortedSample(int n, int m, RandomGenerator r) {
        int[] s = sample(identity(n), m, r);
        Arrays.sort(s);
        return s;
    }
}
