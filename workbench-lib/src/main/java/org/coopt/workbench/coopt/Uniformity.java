package org.coopt.workbench.coopt;

import org.coopt.workbench.util.Shuffle;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.coopt.workbench.util.UserInputException;
import org.coopt.workbench.io.MappedNpy;
import org.coopt.workbench.io.Npy;

/**
 * Uniformity value of a prior on the shared set (paper Eq. 3; Wang &amp; Isola 2020; METHOD.md §3):
 * <pre>
 *   U(f; S) = log( (2 / (n(n−1))) · Σ_{i&lt;j} exp( −t · ‖z_i − z_j‖² ) ),   z = f(x) / ‖f(x)‖₂,  t = 2
 * </pre>
 * Range [−4, 0] for t = 2; lower is more uniform, the better prior. The paper prints the exponent without
 * the minus sign; the minus sign is used here (as in Wang &amp; Isola's {@code torch.pdist(z).pow(2).mul(-t).exp().mean().log()}).
 *
 * <p><b>(decision)</b> U is computed on the prior's raw features f(x), before the JL projection, and on at
 * most {@link Settings#maxSamples} (10,000) rows of S, drawn with a recorded seed when S is larger.
 *
 * <p>Computation: ‖z_i − z_j‖² = ‖z_i‖² + ‖z_j‖² − 2 z_i·z_j, so the pair sum is taken from the Gram
 * matrix Z Zᵀ in row blocks (never n×n at once), and the mean over pairs i&lt;j equals the mean over ordered
 * pairs i≠j by symmetry: (Σ_{all i,j} − n) / (n(n−1)). Zero rows are normalised with ‖f‖ clamped at 1e-12
 * (like {@code F.normalize}), so they stay zero.
 */
public final class Uniformity {

    /**
     * @param t          temperature t (2)
     * @param maxSamples cap on |S| (10,000)
     * @param seed       seed of the subsample when |S| exceeds the cap
     */
    public record Settings(double t, int maxSamples, long seed) {
        public static final Settings DEFAULT = new Settings(2.0, 10_000, 0L);

        public Settings {
            if (!(t > 0) || Double.isInfinite(t)) {
                throw new UserInputException("uniformity temperature t must be > 0, got " + t);
            }
            if (maxSamples < 2) {
                throw new UserInputException("uniformity needs at least 2 samples, cap was " + maxSamples);
            }
        }

        public Settings withT(double newT) {
            return new Settings(newT, maxSamples, seed);
        }

        public Settings withSeed(long newSeed) {
            return new Settings(t, maxSamples, newSeed);
        }
    }

    private final Settings settings;

    public Uniformity(Settings settings) {
        this.settings = settings;
    }

    public Uniformity() {
        this(Settings.DEFAULT);
    }

    public Settings settings() {
        return settings;
    }

    /** U of the rows of {@code features} (n×m, n ≥ 2), all of them (no cap). */
    public double value(NDArray features) {
        long n = features.getShape().get(0);
        if (features.getShape().dimension() != 2 || n < 2) {
            throw new UserInputException("uniformity needs an N×m feature matrix with N >= 2, got " + features.getShape());
        }
        try (NDManager scope = features.getManager().newSubManager()) {
            NDArray f = features.toType(DataType.FLOAT32, true);
            f.attach(scope);
            NDArray z = f.div(f.norm(new int[] {1}, true).maximum(1e-12f));
            NDArray zt = z.transpose();
            NDArray sq = z.square().sum(new int[] {1});
            NDArray sqRow = sq.expandDims(0);
            double sum = 0;
            int block = (int) Math.max(1, Math.min(n, (1L << 24) / n));
            for (long a = 0; a < n; a += block) {
                long b = Math.min(n, a + block);
                try (NDManager bm = scope.newSubManager()) {
                    NDIndex rows = new NDIndex(a + ":" + b);
                    NDArray zb = z.get(rows);
                    zb.attach(bm);
                    NDArray sqb = sq.get(rows);
                    sqb.attach(bm);
                    NDArray g = zb.matMul(zt);
                    // ‖z_i − z_j‖² = ‖z_i‖² + ‖z_j‖² − 2 z_i·z_j (clamped at 0 against rounding)
                    NDArray d2 = sqb.expandDims(1).add(sqRow).sub(g.mul(2f)).maximum(0f);
                    double all = d2.mul((float) -settings.t()).exp().toType(DataType.FLOAT64, false).sum().getDouble();
                    // remove the i = j terms, exp(0) = 1 each
                    sum += all - (b - a);
                }
            }
            double pairs = (double) n * (n - 1);
            return Math.log(sum / pairs);
        }
    }

    /** U on the rows {@code rows} of a features file, capped at {@link Settings#maxSamples} rows (seeded). */
    public double value(Path features, int[] rows, NDManager manager) throws IOException {
        int[] use = cap(rows, settings.maxSamples(), settings.seed());
        try (MappedNpy f = Npy.mapMatrix(features, "features"); NDManager scope = manager.newSubManager()) {
            return value(f.gather(scope, use));
        }
    }

    /** U on every row of a features file (capped). */
    public double value(Path features, NDManager manager) throws IOException {
        long rows;
        try (MappedNpy f = Npy.mapMatrix(features, "features")) {
            rows = f.rows();
        }
        if (rows < 2) {
            throw new UserInputException(features + " has " + rows + " rows; uniformity needs at least 2");
        }
        int[] all = new int[(int) rows];
        Arrays.setAll(all, i -> i);
        return value(features, all, manager);
    }

    /**
     * The first {@code cap} entries of a seeded Fisher–Yates shuffle of {@code rows}, sorted; {@code rows}
     * itself when it is not larger than the cap.
     */
    public static int[] cap(int[] rows, int cap, long seed) {
        if (rows.length <= cap) {
            return rows.clone();
        }
        int[] out = Shuffle.sample(rows, cap, new java.util.SplittableRandom(seed));
        Arrays.sort(out);
        return out;
    }
}
