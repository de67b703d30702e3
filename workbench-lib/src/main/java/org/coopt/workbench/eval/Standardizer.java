package org.coopt.workbench.eval;

/**
 * Per-feature z-scoring fitted on one feature matrix (the probe-train split) and applied to any other with
 * the same statistics: {@code x'_ij = (x_ij − μ_j) / σ_j}, μ_j and σ_j the mean and population standard
 * deviation of column j of the fitted matrix. A constant column (σ_j < 1e-6·max(1, |μ_j|)) is only
 * centred (σ_j taken as 1), so it becomes 0 and carries no weight.
 *
 * @param mean μ per column
 * @param std  σ per column, as applied (1 for constant columns)
 */
public record Standardizer(double[] mean, double[] std) {

    /** Column statistics of {@code f}, accumulated in double precision. */
    public static Standardizer fit(FeatureMatrix f) {
        int d = f.dim();
        int n = f.n();
        if (n < 1) {
            throw new IllegalArgumentException("cannot standardise with statistics of an empty feature matrix");
        }
        double[] mean = new double[d];
        float[] v = f.values();
        for (int i = 0; i < n; i++) {
            int o = i * d;
            for (int j = 0; j < d; j++) {
                mean[j] += v[o + j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= n;
        }
        double[] var = new double[d];
        for (int i = 0; i < n; i++) {
            int o = i * d;
            for (int j = 0; j < d; j++) {
                double c = v[o + j] - mean[j];
                var[j] += c * c;
            }
        }
        double[] std = new double[d];
        for (int j = 0; j < d; j++) {
            double s = Math.sqrt(var[j] / n);
            std[j] = s < 1e-6 * Math.max(1, Math.abs(mean[j])) ? 1 : s;
        }
        return new Standardizer(mean, std);
    }

    /** {@code f} z-scored with these statistics (a new matrix; {@code f} is not changed). */
    public FeatureMatrix apply(FeatureMatrix f) {
        int d = f.dim();
        if (d != mean.length) {
            throw new IllegalArgumentException("features have dimension " + d + ", the statistics " + mean.length);
        }
        float[] in = f.values();
        float[] out = new float[in.length];
        float[] mu = new float[d];
        float[] inv = new float[d];
        for (int j = 0; j < d; j++) {
            mu[j] = (float) mean[j];
            inv[j] = (float) (1 / std[j]);
        }
        for (int i = 0; i < f.n(); i++) {
            int o = i * d;
            for (int j = 0; j < d; j++) {
                out[o + j] = (in[o + j] - mu[j]) * inv[j];
            }
        }
        return new FeatureMatrix(f.n(), d, out);
    }
}
