package org.coopt.experiments.report;

import java.util.Arrays;
import java.util.Locale;

/**
 * A claim of the paper checked against measurements over seeds (METHOD.md §7, <b>(decision)</b>): the claim
 * that A exceeds B (or falls below it, {@code paperSaysHigher = false}) <em>holds</em> when the difference of
 * the means is in the paper's direction and Welch's t-test over seeds gives p &lt; {@value #ALPHA}; it is
 * <em>in direction, not significant</em> when only the sign agrees (or there are too few seeds to test); it
 * <em>does not hold</em> otherwise. Computed from the numbers, never written by hand.
 *
 * @param a        the values of A, one per seed
 * @param b        the values of B, one per seed
 * @param diff     mean(A) − mean(B)
 * @param test     Welch's test (null with fewer than 2 values on a side)
 * @param outcome  the verdict
 */
public record Verdict(double[] a, double[] b, double diff, Stats.Welch test, Outcome outcome) {
    /** Significance level. */
    public static final double ALPHA = 0.05;

    /** The three verdicts. */
    public enum Outcome {
        HOLDS("holds"), IN_DIRECTION("in direction, not significant"), DOES_NOT_HOLD("does not hold");

        private final String words;

        Outcome(String words) {
            this.words = words;
        }

        @Override
        public String toString() {
            return words;
        }
    }

    /** The claim "A is higher than B" ({@code paperSaysHigher}) or "A is lower than B" on per-seed values. */
    public static Verdict of(double[] a, double[] b, boolean paperSaysHigher) {
        if (a.length == 0 || b.length == 0) {
            throw new IllegalArgumentException("a verdict needs values on both sides");
        }
        double diff = Arrays.stream(a).average().orElseThrow() - Arrays.stream(b).average().orElseThrow();
        boolean inDirection = paperSaysHigher ? diff > 0 : diff < 0;
        Stats.Welch w = a.length >= 2 && b.length >= 2 ? Stats.welch(a, b) : null;
        Outcome o = !inDirection ? Outcome.DOES_NOT_HOLD
                : w != null && w.pValue() < ALPHA ? Outcome.HOLDS : Outcome.IN_DIRECTION;
        return new Verdict(a.clone(), b.clone(), diff, w, o);
    }

    /** The p-value, NaN when untested. */
    public double pValue() {
        return test == null ? Double.NaN : test.pValue();
    }

    /** "p = 0.012, Welch's t-test, 3 vs 3 seeds" or "one seed: no test". */
    public String evidence() {
        if (test == null) {
            return String.format(Locale.ROOT, "%d vs %d seeds: too few for a test", a.length, b.length);
        }
        return String.format(Locale.ROOT, "p = %s, Welch's t-test, %d vs %d seeds", p(test.pValue()), a.length, b.length);
    }

    /** "holds (+1.23 points; p = 0.012, Welch's t-test, 3 vs 3 seeds)". */
    public String sentence(String unit) {
        return String.format(Locale.ROOT, "%s (%+.2f%s; %s)", outcome, diff, unit, evidence());
    }

    /** A p-value for tables: 3 significant digits, "< 0.001" below that. */
    public static String p(double p) {
        if (Double.isNaN(p)) {
            return "n/a";
        }
        return p < 0.001 ? "< 0.001" : String.format(Locale.ROOT, "%.3f", p);
    }
}
