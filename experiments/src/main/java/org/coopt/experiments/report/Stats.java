package org.coopt.experiments.report;

import smile.manifold.TSNE;
import smile.math.MathEx;
import smile.stat.hypothesis.CorTest;

/** Statistics for the figures, from Smile: Spearman rank correlation (Fig. 5c) and t-SNE (Fig. 6). */
public final class Stats {
    private Stats() {}

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
