package org.coopt.experiments;

/**
 * One tidy result: one experiment, one variant (method, prior set or ablation setting), one seed,
 * one metric, one value. Every table and figure is computed from rows like this.
 */
public record ResultRow(String experiment, String variant, long seed, String metric, double value) {
    public ResultRow {
        if (experiment == null || variant == null || metric == null) {
            throw new IllegalArgumentException("experiment, variant and metric must be set");
        }
    }
}
