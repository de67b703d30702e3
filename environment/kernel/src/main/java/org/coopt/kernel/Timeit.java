package org.coopt.kernel;

import java.util.Arrays;
import java.util.Locale;

/**
 * {@code %timeit}: repeated timing of a statement, as IPython's: the number of loops per run is chosen so that one
 * run takes at least {@value #TARGET_S} s (1, 10, 100, ... loops), then {@value #DEFAULT_RUNS} runs are timed and
 * the mean ± sample standard deviation of the time per loop is printed. Cells call {@link #run}; the kernel writes
 * that call around the statement.
 */
public final class Timeit {
    private Timeit() {}

    /** Runs of the timed loop (IPython's default). */
    public static final int DEFAULT_RUNS = 7;
    /** Seconds one run must last at least when the loop count is chosen automatically. */
    public static final double TARGET_S = 0.2;

    /** The timing: per-loop mean and sample std over the runs, in seconds. */
    public record Result(double meanSeconds, double stdSeconds, int runs, long loops) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s ± %s per loop (mean ± std. dev. of %d run%s, %,d loop%s each)",
                    human(meanSeconds), human(stdSeconds), runs, runs == 1 ? "" : "s", loops, loops == 1 ? "" : "s");
        }
    }

    /**
     * Times {@code body}: {@code loops} per run (≤ 0: chosen automatically) and {@code runs} runs (≤ 0: 7); prints the
     * result line and returns it. An interrupt stops between loops.
     */
    public static Result run(Runnable body, long loops, int runs) {
        int r = runs > 0 ? runs : DEFAULT_RUNS;
        long n = loops;
        if (n <= 0) {
            n = 1;
            while (true) {
                double s = time(body, n);
                if (s >= TARGET_S || n >= 1_000_000_000L) {
                    break;
                }
                n *= 10;
            }
        }
        double[] perLoop = new double[r];
        for (int i = 0; i < r; i++) {
            perLoop[i] = time(body, n) / n;
        }
        double mean = Arrays.stream(perLoop).average().orElse(Double.NaN);
        double ss = Arrays.stream(perLoop).map(x -> (x - mean) * (x - mean)).sum();
        Result res = new Result(mean, r > 1 ? Math.sqrt(ss / (r - 1)) : 0, r, n);
        System.out.println(res);
        return res;
    }

    private static double time(Runnable body, long n) {
        long t0 = System.nanoTime();
        for (long i = 0; i < n; i++) {
            body.run();
            if (Thread.currentThread().isInterrupted()) {
                throw new java.util.concurrent.CancellationException("interrupted during %timeit");
            }
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    /** 1.23 s, 45.6 ms, 7.89 µs, 12 ns. */
    static String human(double s) {
        if (s >= 1) {
            return String.format(Locale.ROOT, "%.3g s", s);
        }
        if (s >= 1e-3) {
            return String.format(Locale.ROOT, "%.3g ms", s * 1e3);
        }
        if (s >= 1e-6) {
            return String.format(Locale.ROOT, "%.3g µs", s * 1e6);
        }
        return String.format(Locale.ROOT, "%.3g ns", s * 1e9);
    }
}
