package org.coopt.experiments.experiments;

import org.coopt.workbench.util.Shuffle;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.coopt.workbench.coopt.Simulation;
import org.coopt.workbench.io.Npy;

/**
 * The same sampled rows of every participant's targets before alignment ({@code participants/pXXX/targets.npy},
 * Y_k) and after ({@code uploads/pXXX/targets.npy}, Y_k T_k), for the t-SNE panels of paper Fig. 6a–c and for
 * the participant-separability statistic. The rows are images of the participant's own subset D_k, not of
 * the shared set S on which T_k was fitted, so "after" shows how the alignment generalizes.
 *
 * @param before      n × d targets before alignment
 * @param after       the same rows after alignment
 * @param participant participant index of each row
 * @param priorIds    prior id of each participant
 */
public record TargetSamples(double[][] before, double[][] after, int[] participant, List<String> priorIds) {

    /** Up to {@code perParticipant} rows of each participant, drawn without replacement with {@code seed}. */
    public static TargetSamples load(Simulation.Protocol p, List<String> priorIds, int perParticipant, long seed)
            throws IOException {
        int k = p.reports().size();
        List<double[]> b = new ArrayList<>();
        List<double[]> a = new ArrayList<>();
        List<Integer> who = new ArrayList<>();
        Random rnd = new Random(seed);
        for (int i = 0; i < k; i++) {
            Npy.FloatMatrix y = Npy.readFloat32(p.ownTargets(i));
            Npy.FloatMatrix yt = Npy.readFloat32(p.uploadedTargets(i));
            if (y.rows() != yt.rows() || y.cols() != yt.cols()) {
                throw new IllegalStateException("participant " + i + ": targets before and after alignment differ in shape");
            }
            int[] idx = sample(y.rows(), perParticipant, rnd);
            for (int r : idx) {
                b.add(row(y, r));
                a.add(row(yt, r));
                who.add(i);
            }
        }
        return new TargetSamples(b.toArray(double[][]::new), a.toArray(double[][]::new),
                who.stream().mapToInt(Integer::intValue).toArray(), List.copyOf(priorIds));
    }

    private static double[] row(Npy.FloatMatrix m, int r) {
        double[] out = new double[m.cols()];
        for (int c = 0; c < out.length; c++) {
            out[c] = m.get(r, c);
        }
        return out;
    }

    /** m distinct indices of 0..n-1 (all when n <= m), in drawn order: partial Fisher–Yates. */
    static int[] sample(int n, int m, Random rnd) {
        return Shuffle.sample(Shuffle.identity(n), m, rnd);
    }

    /**
     * Participant separability: leave-one-out 1-nearest-neighbour accuracy (Euclidean) of predicting which
     * participant a target row came from, in [0, 1]. Near 1 when the participants' targets live in different
     * regions (paper Fig. 6a); near chance (the largest participant share, 1/K for equal shares) when they
     * overlap (Fig. 6b).
     */
    public static double separability(double[][] x, int[] label) {
        if (x.length < 2) {
            throw new IllegalArgumentException("separability needs at least 2 rows");
        }
        int hit = 0;
        for (int i = 0; i < x.length; i++) {
            double best = Double.POSITIVE_INFINITY;
            int nearest = -1;
            for (int j = 0; j < x.length; j++) {
                if (j == i) {
                    continue;
                }
                double d = 0;
                for (int c = 0; c < x[i].length; c++) {
                    double t = x[i][c] - x[j][c];
                    d += t * t;
                }
                if (d < best) {
                    best = d;
                    nearest = j;
                }
            }
            if (label[nearest] == label[i]) {
                hit++;
            }
        }
        return hit / (double) x.length;
    }
}
