package org.coopt.experiments.report;

import smile.manifold.TSNE;
import smile.math.MathEx;
import smile.stat.hypothesis.CorTest;
import smile.stat.hypothesis.TTest;

/**
 * Statistics for the figures, from Smile: Welch's t-test (every verdict, METHOD.md §7), Spearman rank
 * correlation (Fig. 5c) and t-SNE (Fig. 6).
 */
public final class Stats {
    private Stats() {}

    /** Welch's t statistic, its Welch–Satterthwaite degrees of freedom and the two-sided p-value. */
    public record Welch(double t, double df, double pValue) {}

    /** The arithmetic mean Σv/n, NaN for no values. */
    public static double mean(double[] v) {
        return java.util.Arrays.stream(v).average().orElse(Double.NaN);
    }

    /** The sample standard deviation sqrt(Σ(v − mean)² / (n − 1)); 0 for one value, NaN for none. */
    public static double sampleStd(double[] v) {
        if (v.length < 2) {
            return v.length == 1 ? 0 : Double.NaN;
        }
        double m = mean(v);
        double ss = 0;
        for (double x : v) {
            ss += (x - m) * (x - m);
        }
        return Math.sqrt(ss / (v.length - 1));
    }

    /**
     * Welch's unequal-variance t-test of mean(x) = mean(y) (Smile's {@code TTest.test(x, y)}):
     * t = (x̄ − ȳ)/√(s_x²/n_x + s_y²/n_y) with sample variances s², and
     * ν = (s_x²/n_x + s_y²/n_y)² / ((s_x²/n_x)²/(n_x−1) + (s_y²/n_y)²/(n_y−1)); p = 2·P(T_ν > |t|).
     * Both samples need at least 2 values. When both have zero variance the test is undefined: p is 0 when the
     * means differ and 1 when they are equal (t ±∞ or 0, ν NaN).
     */
    public static Welch welch(double[] x, double[] y) {
        if (x.length < 2 || y.length < 2) {
            throw new IllegalArgumentException("Welch's t-test needs at least 2 values per sample, got " + x.length
                    + " and " + y.length);
        }
        double vx = MathEx.var(x);
        double vy = MathEx.var(y);
        if (vx == 0 && vy == 0) {
            double d = MathEx.mean(x) - MathEx.mean(y);
            return new Welch(d == 0 ? 0 : Math.copySign(Double.POSITIVE_INFINITY, d), Double.NaN, d == 0 ? 1 : 0);
        }
        TTest t = TTest.test(x, y);
        return new Welch(t.t, t.df, t.pvalue);
    }

    /** A correlation coefficient with its two-sided p-value and sample size. */
    public record Correlation(double rho, double pValue, int n) {}

    /**
     * Spearman's ρ: Pearson correlation of the ranks (average ranks for ties); without ties
     * ρ = 1 − 6Σd²/(n(n²−1)). The p-value is Smile's t-approximation,
     * t = ρ·sqrt((n−2)/(1−ρ²)) with n−2 degrees of freedom.
     */
    public static Correlation spearman(double[] x, double[] y) {
        if (x.length != y.length || x.length < 3) {
            throw new IllegalArgumentException("Spearman needs two equally long samples of at least 3, got "
                    + x.length + " and " + y.length);
        }
        CorTest t = CorTest.spearman(x, y);
        return new Correlation(t.cor, t.pvalue, x.length);
    }

    /**
     * t-SNE (van der Maaten and Hinton 2008) to two dimensions with Smile, seeded through
     * {@link MathEx#setSeed(long)} so a run is repeatable.
     *
     * @param perplexity typical 30; must be below the number of points
     */
    public static double[][] tsne(double[][] points, double perplexity, int iterations, long seed) {
        if (points.length <= 3 * perplexity) {
            throw new IllegalArgumentException("t-SNE with perplexity " + perplexity + " needs more than "
                    + (int) (3 * perplexity) + " points, got " + points.length);
        }
        synchronized (MathEx.class) {
            MathEx.setSeed(seed);
            return new TSNE(points, 2, perplexity, 200, iterations).coordinates;
        }
    }
}
