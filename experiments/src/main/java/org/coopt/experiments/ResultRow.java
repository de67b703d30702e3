package org.coopt.experiments;

/**
 * One tidy result: one experiment, one variant (method, prior set or ablation setting), one seed,
 * one metric, one value, and for the points of a curve the step they belong to (an epoch, a round), so that a
 * curve is rows of one metric over steps, never a step packed into the metric's name. Every table and figure is
 * computed from rows like this.
 *
 * @param step the curve step (epoch, round; ≥ 0) or {@link #NO_STEP} for a single value
 */
public record ResultRow(String experiment, String variant, long seed, String metric, double value, int step) {
    /** The step of a row that is not a point of a curve. */
    public static final int NO_STEP = -1;

    public ResultRow {
        if (experiment == null || variant == null || metric == null) {
            throw new IllegalArgumentException("experiment, variant and metric must be set");
        }
        if (step < NO_STEP) {
            throw new IllegalArgumentException("step must be >= 0 (or NO_STEP), got " + step);
        }
    }

    /** A single value (no step). */
    public ResultRow(String experiment, String variant, long seed, String metric, double value) {
        this(experiment, variant, seed, metric, value, NO_STEP);
    }

    public boolean hasStep() {
        return step != NO_STEP;
    }
}
