package org.coopt.workbench.util;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link Shuffle} against the textbook loops written out here, and the uniformity of its permutations. */
class ShuffleTest {

    @Test
    void shuffleMakesTheDurstenfeldDrawsWithEitherGenerator() {
        int[] a = Shuffle.identity(50);
        Shuffle.shuffle(a, new SplittableRandom(7));
        int[] b = Shuffle.identity(50);
        SplittableRandom r = new SplittableRandom(7);
        for (int i = b.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = b[i];
            b[i] = b[j];
            b[j] = t;
        }
        assertArrayEquals(b, a);
        assertArrayEquals(Shuffle.permutation(30, new Random(3)), Shuffle.permutation(30, new Random(3)), "seeded");
        int[] p = Shuffle.permutation(30, new Random(3));
        Arrays.sort(p);
        assertArrayEquals(Shuffle.identity(30), p, "a permutation");
    }

    @Test
    void sampleIsThePartialForwardShuffleAndDistinct() {
        int[] pool = {10, 20, 30, 40, 50, 60, 70};
        int[] s = Shuffle.sample(pool, 3, new Random(11));
        Random r = new Random(11);
        int[] c = pool.clone();
        for (int i = 0; i < 3; i++) {
            int j = i + r.nextInt(c.length - i);
            int t = c[i];
            c[i] = c[j];
            c[j] = t;
        }
        assertArrayEquals(Arrays.copyOf(c, 3), s);
        assertEquals(3, Arrays.stream(s).distinct().count());
        assertArrayEquals(new int[] {10, 20, 30, 40, 50, 60, 70}, pool, "the input is not touched");
        assertEquals(7, Shuffle.sample(pool, 99, new Random(1)).length, "at most all");
        int[] sorted = Shuffle.sortedSample(100, 10, new Random(2));
        for (int i = 1; i < sorted.length; i++) {
            assertTrue(sorted[i] > sorted[i - 1]);
        }
    }

    @Test
    void everyPermutationOfThreeIsEquallyLikely() {
        Map<String, Integer> count = new HashMap<>();
        SplittableRandom r = new SplittableRandom(1);
        int n = 60_000;
        for (int i = 0; i < n; i++) {
            count.merge(Arrays.toString(Shuffle.permutation(3, r)), 1, Integer::sum);
        }
        assertEquals(6, count.size());
        double chi2 = count.values().stream().mapToDouble(c -> (c - n / 6.0) * (c - n / 6.0) / (n / 6.0)).sum();
        assertTrue(chi2 < 20.5, "chi² with 5 degrees of freedom below its 0.999 quantile: " + chi2 + " " + count);
    }
}
