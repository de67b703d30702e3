package org.coopt.experiments.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Welch's t-test and the verdict rule of METHOD.md §7 against hand-computed values. */
class VerdictTest {

    /**
     * x = (1, 2, 3), y = (4, 5, 6, 7): x̄ = 2, s_x² = 1; ȳ = 5.5, s_y² = 5/3. s_x²/3 = 1/3, s_y²/4 = 5/12, sum 3/4;
     * t = −3.5/√0.75 = −4.04145; ν = (3/4)² / ((1/3)²/2 + (5/12)²/3) = 0.5625 / 0.113426 = 4.95918;
     * two-sided p = 2·P(T_4.959 > 4.04145) = 0.010077 (also scipy.stats.ttest_ind(equal_var=False)).
     */
    @Test
    void welchMatchesTheHandComputedStatistic() {
        Stats.Welch w = Stats.welch(new double[] {1, 2, 3}, new double[] {4, 5, 6, 7});
        assertEquals(-3.5 / Math.sqrt(0.75), w.t(), 1e-9);
        double df = 0.5625 / ((1.0 / 9) / 2 + (25.0 / 144) / 3);
        assertEquals(df, w.df(), 1e-9);
        assertEquals(4.95918, w.df(), 1e-4);
        assertEquals(0.010077, w.pValue(), 2e-5);
    }

    @Test
    void verdictNeedsDirectionAndSignificance() {
        double[] coopt = {81.0, 81.3, 81.2};
        double[] ssl = {80.1, 80.5, 79.9};
        Verdict holds = Verdict.of(coopt, ssl, true);
        assertEquals(Verdict.Outcome.HOLDS, holds.outcome());
        assertEquals(0.015534, holds.pValue(), 1e-5); // scipy.stats.ttest_ind(..., equal_var=False)
        assertEquals(1.0, holds.diff(), 1e-9);
        assertTrue(holds.sentence(" points").startsWith("holds (+1.00 points; p = 0.016, Welch's t-test, 3 vs 3 seeds"),
                holds.sentence(" points"));

        // the wrong direction never holds, however significant
        assertEquals(Verdict.Outcome.DOES_NOT_HOLD, Verdict.of(ssl, coopt, true).outcome());
        // the paper's direction for "lower is better"
        assertEquals(Verdict.Outcome.HOLDS, Verdict.of(ssl, coopt, false).outcome());

        // right sign, spread far larger than the difference: table3's +1.75 against seed spreads of 3.6-3.8
        Verdict weak = Verdict.of(new double[] {20, 24, 27.5}, new double[] {19, 23, 24.25}, true);
        assertTrue(weak.diff() > 1.7);
        assertEquals(Verdict.Outcome.IN_DIRECTION, weak.outcome());
        assertTrue(weak.pValue() > 0.05);

        // one seed: no test, at most "in direction"
        Verdict one = Verdict.of(new double[] {81}, new double[] {80}, true);
        assertNull(one.test());
        assertEquals(Verdict.Outcome.IN_DIRECTION, one.outcome());
        assertTrue(one.evidence().contains("too few"), one.evidence());
    }

    @Test
    void noSpreadOnEitherSideIsDecidedByTheMeans() {
        assertEquals(0, Stats.welch(new double[] {1, 1}, new double[] {0, 0}).pValue());
        assertEquals(1, Stats.welch(new double[] {1, 1}, new double[] {1, 1}).pValue());
        assertEquals(Verdict.Outcome.DOES_NOT_HOLD, Verdict.of(new double[] {1, 1}, new double[] {1, 1}, true).outcome());
    }
}
