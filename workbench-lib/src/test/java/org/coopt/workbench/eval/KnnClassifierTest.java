package org.coopt.workbench.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class KnnClassifierTest {

    /** Weighted cosine kNN written straight from the definition, with plain loops. */
    private static int[] naive(FeatureMatrix tr, int[] ytr, FeatureMatrix te, int k, double t, int classes) {
        int[] out = new int[te.n()];
        for (int q = 0; q < te.n(); q++) {
            double[] sim = new double[tr.n()];
            for (int i = 0; i < tr.n(); i++) {
                double dot = 0;
                double na = 0;
                double nb = 0;
                for (int j = 0; j < tr.dim(); j++) {
                    dot += te.get(q, j) * tr.get(i, j);
                    na += te.get(q, j) * te.get(q, j);
                    nb += tr.get(i, j) * tr.get(i, j);
                }
                sim[i] = dot / (Math.sqrt(na) * Math.sqrt(nb));
            }
            boolean[] used = new boolean[tr.n()];
            double[] votes = new double[classes];
            for (int r = 0; r < k; r++) {
                int best = -1;
                for (int i = 0; i < tr.n(); i++) {
                    if (!used[i] && (best < 0 || sim[i] > sim[best])) {
                        best = i;
                    }
                }
                used[best] = true;
                votes[ytr[best]] += Math.exp(sim[best] / t);
            }
            int arg = 0;
            for (int c = 1; c < classes; c++) {
                if (votes[c] > votes[arg]) {
                    arg = c;
                }
            }
            out[q] = arg;
        }
        return out;
    }

    @Test
    void matchesNaiveWeightedCosineVote() {
        Random r = new Random(4);
        int n = 300;
        int m = 50;
        int d = 8;
        int classes = 4;
        float[] a = new float[n * d];
        float[] b = new float[m * d];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = r.nextInt(classes);
            for (int j = 0; j < d; j++) {
                a[i * d + j] = (float) (r.nextGaussian() + (j == y[i] ? 1.5 : 0));
            }
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) r.nextGaussian();
        }
        FeatureMatrix tr = new FeatureMatrix(n, d, a);
        FeatureMatrix te = new FeatureMatrix(m, d, b);
        KnnClassifier knn = new KnnClassifier(20, 0.07);
        assertArrayEquals(naive(tr, y, te, 20, 0.07, classes), knn.predict(tr, y, te));
    }
}
